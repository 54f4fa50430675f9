import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './legacy-service-account-tokens.js';

const tokenSecret = (labels = '{}'): string => yaml`
  apiVersion: v1
  kind: Secret
  metadata:
    name: ci-token
    namespace: build
    labels: ${labels}
    annotations:
      kubernetes.io/service-account.name: ci
  type: kubernetes.io/service-account-token`;

testControl(control, {
  valid: [
    {
      name: 'Opaque and TLS Secrets',
      manifest: yaml`
        apiVersion: v1
        kind: Secret
        metadata: {name: api-db, namespace: shop}
        type: Opaque
        stringData: {username: api}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: web-tls, namespace: shop}
        type: kubernetes.io/tls
        data: {tls.crt: "", tls.key: ""}`,
    },
    {
      name: 'a Secret without a type is Opaque',
      manifest: yaml`
        apiVersion: v1
        kind: Secret
        metadata: {name: plain}
        data: {a: YQ==}`,
    },
  ],
  invalid: [
    { name: 'a legacy service account token Secret', manifest: tokenSecret(), findings: [{ messageId: 'legacyToken', path: 'type', line: 9, column: 1 }] },
    {
      name: 'one already invalidated by the token clean-up',
      manifest: tokenSecret('{kubernetes.io/legacy-token-invalid-since: "2026-03-01"}'),
      findings: [{ messageId: 'legacyToken', path: 'type' }],
    },
  ],
});

describe('NSA-SEC-007 messages', () => {
  it('names the service account and what the cluster recorded about its use', () => {
    const fresh = scanWith(control, tokenSecret());
    assert.equal(fresh.findings[0]?.message, 'Secret ci-token is a long-lived token of service account ci.');
    const used = scanWith(control, tokenSecret('{kubernetes.io/legacy-token-last-used: "2026-08-30"}'));
    assert.equal(used.findings[0]?.message, 'Secret ci-token is a long-lived token of service account ci, last used on 2026-08-30.');
    const invalid = scanWith(control, tokenSecret('{kubernetes.io/legacy-token-invalid-since: "2026-03-01"}'));
    assert.equal(invalid.findings[0]?.message, 'Secret ci-token is a long-lived token of service account ci, already invalidated on 2026-03-01 for lack of use.');
  });
});
