import { auditNode, nsaPolicy } from '../../testing/audit-fixtures.js';
import { apiServerPod, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-log-retention.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'App. M: 1825 days, backups and size bounded', node: auditNode(nsaPolicy) },
    {
      name: '30 days where the organisation requires 30',
      given: { 'apiserver.yaml': apiServerPod(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10', '--audit-log-maxsize=100']) },
      settings: { auditLogMaxAgeDays: 30 },
    },
  ],
  invalid: [
    {
      name: '30 days, under the 1825 of App. M; rotation unbounded',
      node: { [apiServer]: apiServerPod(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30']) },
      findings: [
        { messageId: 'maxAgeShort', file: apiServer, line: 13, path: 'spec.containers[0].command[2]', message: /30 days.*1825/ },
        { messageId: 'rotationUnset', file: apiServer, line: 10, status: 'warning', message: /maxbackup/ },
        { messageId: 'rotationUnset', file: apiServer, line: 10, status: 'warning', message: /maxsize/ },
      ],
    },
    {
      name: 'no retention at all',
      given: { 'apiserver.yaml': apiServerPod(['--audit-log-path=/var/log/audit.log', '--audit-log-maxbackup=3', '--audit-log-maxsize=100']) },
      findings: [{ messageId: 'maxAgeUnset', file: 'apiserver.yaml', line: 10 }],
    },
  ],
  notEvaluated: [
    { name: 'no audit log file', node: { [apiServer]: apiServerPod(['--audit-log-maxage=30']) }, reason: /--audit-log-path is unset/ },
    { name: 'the audit log goes to standard output', given: { 'apiserver.yaml': apiServerPod(['--audit-log-path=-']) }, reason: /standard output/ },
  ],
});
