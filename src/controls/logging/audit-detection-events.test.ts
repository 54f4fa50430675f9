import { auditNode, nsaPolicy, policy, policyFile } from '../../testing/audit-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-detection-events.js';

testNodeControl(control, {
  valid: [
    { name: 'the NSA policy', node: auditNode(nsaPolicy) },
    {
      name: 'named system users and namespaces quieted (they are not ordinary users)',
      node: auditNode(policy('- level: None\n  users: [system:kube-scheduler]\n- level: None\n  namespaces: [kube-system]\n  resources: [{group: "", resources: [pods]}]\n- level: Metadata\n', 'omitStages: [RequestReceived]\n')),
    },
  ],
  invalid: [
    {
      name: 'exec and port-forward dropped for everyone, RBAC changes not matched',
      node: auditNode(policy('- level: None\n  resources: [{group: "", resources: ["pods/exec", "pods/portforward"]}]\n- level: Metadata\n  resources: [{group: ""}, {group: batch}, {group: admissionregistration.k8s.io}]\n')),
      findings: [
        { messageId: 'notCaptured', file: policyFile, line: 4, path: 'rules[0].level', message: /pods\/exec \(create, get\), pods\/portforward \(create, get\) requests: rule 1 sets them to None/ },
        { messageId: 'notCaptured', file: policyFile, line: 3, path: 'rules', message: /rbac\.authorization\.k8s\.io\/roles \(create, update, patch, delete\).*no rule matches them/ },
      ],
    },
    {
      name: 'the policy omits ResponseComplete',
      node: auditNode(policy('- level: Metadata\n', 'omitStages: [ResponseComplete]\n')),
      findings: [{ messageId: 'notCaptured', file: policyFile, line: 3, path: 'omitStages', message: /policy omits the ResponseComplete stage/ }],
    },
  ],
  notEvaluated: [{ name: 'no policy', node: auditNode(undefined), reason: /does not exist/ }],
});
