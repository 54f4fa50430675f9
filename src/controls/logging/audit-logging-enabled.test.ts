import { apiServerManifest, auditFlags, auditNode, nsaPolicy, policyFile } from '../../testing/audit-fixtures.js';
import { apiServerPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-logging-enabled.js';

testNodeControl(control, {
  valid: [
    { name: 'App. M: policy and log path', node: auditNode(nsaPolicy) },
    { name: 'policy and webhook', given: { 'apiserver.yaml': apiServerPod([`--audit-policy-file=${policyFile}`, '--audit-webhook-config-file=/etc/kubernetes/audit/webhook.yaml']) } },
  ],
  invalid: [
    {
      name: 'no audit flags (kubeadm defaults)',
      node: { [apiServerManifest]: apiServerPod(['--secure-port=6443']) },
      findings: [
        { messageId: 'noPolicy', file: apiServerManifest, line: 10, path: 'spec.containers[0].command' },
        { messageId: 'noBackend', file: apiServerManifest, line: 10, path: 'spec.containers[0].command' },
      ],
    },
    {
      name: 'a policy with nowhere to write',
      given: { 'apiserver.yaml': apiServerPod([auditFlags[0] as string]) },
      findings: [{ messageId: 'noBackend', file: 'apiserver.yaml', line: 10 }],
    },
  ],
  notEvaluated: [{ name: 'no API server', node: {}, reason: /no kube-apiserver/ }],
});
