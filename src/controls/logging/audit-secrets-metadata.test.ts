import { auditNode, nsaPolicy, policy, policyFile } from '../../testing/audit-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-secrets-metadata.js';

testNodeControl(control, {
  valid: [
    { name: 'the NSA policy', node: auditNode(nsaPolicy) },
    { name: 'credentials not logged at all, everything else with bodies', node: auditNode(policy('- level: None\n  resources: [{group: "", resources: [secrets, configmaps, "serviceaccounts/token"]}, {group: authentication.k8s.io}]\n- level: RequestResponse\n')) },
  ],
  invalid: [
    {
      name: 'App. L v1.0: everything at RequestResponse',
      node: auditNode(policy('- level: RequestResponse\n')),
      findings: [
        { messageId: 'bodiesLogged', file: policyFile, line: 4, path: 'rules[0].level', message: /secrets/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 4, path: 'rules[0].level', message: /configmaps/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 4, path: 'rules[0].level', message: /serviceaccounts\/token/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 4, path: 'rules[0].level', message: /tokenreviews/ },
      ],
    },
    {
      name: 'Metadata only for one user: everyone else\'s secrets reach the catch-all',
      node: auditNode(policy('- level: Metadata\n  users: [admin]\n  resources: [{group: "", resources: [secrets, configmaps, serviceaccounts/token]}, {group: authentication.k8s.io, resources: [tokenreviews]}]\n- level: Request\n')),
      findings: [
        { messageId: 'bodiesLogged', file: policyFile, line: 7, path: 'rules[1].level', message: /secrets.*Request \(rule 2\)/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 7, message: /configmaps/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 7, message: /serviceaccounts\/token/ },
        { messageId: 'bodiesLogged', file: policyFile, line: 7, message: /tokenreviews/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no policy', node: auditNode(undefined, ['--secure-port=6443']), reason: /no --audit-policy-file/ }],
});
