import { auditNode, nsaPolicy, policy, policyFile } from '../../testing/audit-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-anonymous-logged.js';

testNodeControl(control, {
  valid: [
    { name: 'the NSA policy', node: auditNode(nsaPolicy) },
    { name: 'system noise quieted, anonymous kept', node: auditNode(policy('- level: None\n  users: [system:kube-proxy]\n  verbs: [watch]\n- level: Metadata\n')) },
  ],
  invalid: [
    {
      name: 'anonymous and unauthenticated requests dropped',
      node: auditNode(policy('- level: None\n  users: [system:anonymous]\n- level: None\n  userGroups: [system:unauthenticated]\n- level: Metadata\n')),
      findings: [
        { messageId: 'anonymousIgnored', file: policyFile, line: 4, path: 'rules[0].level', message: /system:anonymous/ },
        { messageId: 'anonymousIgnored', file: policyFile, line: 6, path: 'rules[1].level', message: /system:unauthenticated/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no policy', node: auditNode(undefined), reason: /does not exist/ }],
});
