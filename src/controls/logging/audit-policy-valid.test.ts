import { auditNode, nsaPolicy, policy, policyFile } from '../../testing/audit-fixtures.js';
import { apiServerPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-policy-valid.js';

testNodeControl(control, {
  valid: [{ name: 'the NSA policy', node: auditNode(nsaPolicy) }],
  invalid: [
    {
      name: 'a removed API version',
      node: auditNode(nsaPolicy.replace('audit.k8s.io/v1', 'audit.k8s.io/v1beta1')),
      findings: [{ messageId: 'notAuditPolicy', file: policyFile, line: 1, path: 'apiVersion', message: /v1beta1/ }],
    },
    {
      name: 'an unknown level, and every other rule None',
      node: auditNode(policy('- level: None\n  users: [system:kube-proxy]\n- level: Everything\n')),
      findings: [{ messageId: 'invalidLevel', file: policyFile, line: 6, path: 'rules[1].level', message: /Everything/ }],
    },
    {
      name: 'every rule None',
      given: { 'apiserver.yaml': apiServerPod([`--audit-policy-file=${policyFile}`]), 'policy.yaml': policy('- level: None\n') },
      findings: [{ messageId: 'recordsNothing', file: 'policy.yaml', line: 3, path: 'rules', message: /None/ }],
    },
    {
      name: 'the file on the node holds something else',
      node: auditNode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: policy}\n'),
      findings: [{ messageId: 'notAuditPolicy', file: '/etc/kubernetes/manifests/kube-apiserver.yaml', line: 12, path: 'spec.containers[0].command[1]' }],
    },
  ],
  notEvaluated: [
    { name: 'no audit policy flag', node: { '/etc/kubernetes/manifests/kube-apiserver.yaml': apiServerPod([]) }, reason: /no --audit-policy-file/ },
    { name: 'the policy file is missing', node: auditNode(undefined), reason: /the audit policy \/etc\/kubernetes\/audit\/policy\.yaml does not exist/ },
  ],
});
