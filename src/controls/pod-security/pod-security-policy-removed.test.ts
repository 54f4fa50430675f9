import { testControl, yaml } from '../../testing/control-tester.js';
import control from './pod-security-policy-removed.js';

const psp = yaml`
  apiVersion: policy/v1beta1
  kind: PodSecurityPolicy
  metadata: {name: restricted}
  spec: {privileged: false}`;

testControl(control, {
  valid: [{ name: 'PSP on a 1.24 target', settings: { pssVersion: { major: 1, minor: 24 } }, manifest: psp }],
  invalid: [{ name: 'PSP on the latest version', manifest: psp, findings: [{ messageId: 'removed', path: 'kind', line: 2, column: 1 }] }],
});
