import { testControl, yaml } from '../../testing/control-tester.js';
import control from './service-account-automount-opt-out.js';

testControl(control, {
  valid: [
    {
      name: 'opted out',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: default, namespace: shop}
        automountServiceAccountToken: false`,
    },
  ],
  invalid: [
    {
      name: 'default account without opt-out, and one set to true',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: default, namespace: shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        automountServiceAccountToken: true`,
      findings: [
        { messageId: 'automount', path: 'automountServiceAccountToken', line: 1, column: 1 },
        { messageId: 'automount', path: 'automountServiceAccountToken', line: 8, column: 1 },
      ],
    },
  ],
});
