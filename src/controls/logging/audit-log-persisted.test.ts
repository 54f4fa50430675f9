import { apiServerManifest, auditFlags, auditMounts, auditNode, nsaPolicy } from '../../testing/audit-fixtures.js';
import { apiServerPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-log-persisted.js';

testNodeControl(control, {
  valid: [
    { name: 'App. M mounts', node: auditNode(nsaPolicy) },
    { name: 'a mirror pod from a live cluster carries the same mounts', given: { 'kube-apiserver-cp1.yaml': apiServerPod(auditFlags, { mounts: auditMounts, name: 'kube-apiserver-cp1' }) } },
  ],
  invalid: [
    {
      name: 'no mounts: the log and the policy live in the container',
      node: { [apiServerManifest]: apiServerPod(auditFlags) },
      findings: [
        { messageId: 'logNotOnHost', file: apiServerManifest, line: 13, path: 'spec.containers[0].command[2]', message: /on no volume mount/ },
        { messageId: 'policyNotMounted', file: apiServerManifest, line: 12, path: 'spec.containers[0].command[1]', message: /the image/ },
      ],
    },
    {
      name: 'the log folder mounted read-only, the policy writable',
      given: { 'apiserver.yaml': apiServerPod(auditFlags, { mounts: [{ ...auditMounts[0], readOnly: false }, { ...auditMounts[1], readOnly: true }] as typeof auditMounts }) },
      findings: [
        { messageId: 'logNotOnHost', file: 'apiserver.yaml', line: 13, message: /read-only mount of volume "audit-log"/ },
        { messageId: 'policyWritable', file: 'apiserver.yaml', line: 18, status: 'warning', path: 'spec.containers[0].volumeMounts[0]' },
      ],
    },
  ],
  notEvaluated: [
    { name: 'k3s runs the API server as a host process', node: { '/etc/rancher/k3s/config.yaml': 'kube-apiserver-arg:\n  - audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log\n' }, reason: /host process of k3s/ },
    { name: 'no audit log file', node: auditNode(nsaPolicy, ['--audit-policy-file=/etc/kubernetes/audit/policy.yaml']), reason: /--audit-log-path is unset/ },
  ],
});
