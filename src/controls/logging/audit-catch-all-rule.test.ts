import { auditNode, nsaPolicy, policy, policyFile } from '../../testing/audit-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-catch-all-rule.js';

testNodeControl(control, {
  valid: [{ name: 'ends with RequestResponse', node: auditNode(nsaPolicy) }],
  invalid: [
    {
      name: 'ends with a rule for pods only',
      node: auditNode(policy('- level: RequestResponse\n  resources: [{group: "", resources: [pods]}]\n')),
      findings: [{ messageId: 'noCatchAll', file: policyFile, line: 4, path: 'rules[0]' }],
    },
    {
      name: 'a catch-all at Metadata: for review',
      node: auditNode(policy('- level: Metadata\n')),
      findings: [{ messageId: 'catchAllLow', file: policyFile, line: 4, path: 'rules[0].level', status: 'warning' }],
    },
    {
      name: 'a catch-all at None',
      node: auditNode(policy('- level: RequestResponse\n  verbs: [create]\n- level: None\n')),
      findings: [{ messageId: 'catchAllNone', file: policyFile, line: 6, path: 'rules[1].level' }],
    },
  ],
  notEvaluated: [{ name: 'no policy file on the node', node: auditNode(undefined), reason: /does not exist/ }],
});
