import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defaultSettings } from '../../engine/default-settings.js';
import { fixFiles } from '../../fix/run.js';
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

const account = (name: string, namespace: string): string => yaml`
  apiVersion: v1
  kind: ServiceAccount
  metadata: {name: ${name}, namespace: ${namespace}}`;
const fixOptions = { controls: [control], only: new Set([control.meta.id as string]), settings: defaultSettings };

it('NSA-POD-024 only suggests opting out an add-on account of a system namespace: CoreDNS, kube-proxy and the CNI watch the API with it', () => {
  for (const name of ['coredns', 'kube-proxy', 'kindnet']) {
    const result = fixFiles([{ path: 'sa.yaml', text: account(name, 'kube-system') }], fixOptions);
    assert.deepEqual(result.files, [], name);
    assert.match(result.suggestions[0]?.reason ?? '', /system namespace kube-system/, name);
  }
});

it('NSA-POD-024 still opts out the default account of a system namespace, and accounts elsewhere', () => {
  for (const [name, namespace] of [['default', 'kube-system'], ['web', 'shop'], ['default', 'shop']] as const) {
    const result = fixFiles([{ path: 'sa.yaml', text: account(name, namespace) }], fixOptions);
    assert.deepEqual(result.suggestions, [], `${namespace}/${name}`);
    assert.match(result.files[0]?.after ?? '', /automountServiceAccountToken: false/, `${namespace}/${name}`);
  }
});
