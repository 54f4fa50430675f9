import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingFingerprint } from './fingerprint.js';

const base = {
  controlId: 'NSA-POD-006',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
  container: 'app',
  path: 'spec.template.spec.containers[0].securityContext.privileged',
  messageId: 'privileged',
};

test('a fingerprint ignores where the resource is written and changes with what is wrong where', () => {
  const fp = findingFingerprint(base);
  assert.match(fp, /^[0-9a-f]{32}$/);
  assert.equal(findingFingerprint({ ...base }), fp);
  // The API version of the same group (apps/v1beta2 → apps/v1) does not make it a new finding.
  assert.equal(findingFingerprint({ ...base, resource: { ...base.resource, apiVersion: 'apps/v1beta2' } }), fp);
  for (const changed of [
    { ...base, controlId: 'NSA-POD-007' },
    { ...base, resource: { ...base.resource, namespace: 'billing' } },
    { ...base, resource: { ...base.resource, name: 'web' } },
    { ...base, resource: { ...base.resource, kind: 'StatefulSet' } },
    { ...base, container: 'sidecar' },
    { ...base, path: 'spec.template.spec.containers[1].securityContext.privileged' },
    { ...base, messageId: 'other' },
  ]) {
    assert.notEqual(findingFingerprint(changed), fp, JSON.stringify(changed));
  }
});
