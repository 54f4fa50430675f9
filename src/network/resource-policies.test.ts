import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../core/path.js';
import { parseManifests } from '../parse/manifests.js';
import { containerDefaults, isQuantity } from './resource-policies.js';

function limitRanges(text: string) {
  return parseManifests({ path: 'lr.yaml', text }).resources;
}
const where = (source: { path: readonly (string | number)[] } | undefined): string | undefined => source && formatPath(source.path);

describe('LimitRange container defaults', () => {
  it('applies the API server defaulting: default from max, defaultRequest from default, max, then min', () => {
    const defaults = containerDefaults(
      limitRanges(`apiVersion: v1
kind: LimitRange
metadata: {name: a, namespace: shop}
spec:
  limits:
    - {type: Pod, max: {cpu: "8"}}
    - {type: Container, max: {cpu: "2"}, min: {memory: 32Mi}}
`),
    );
    assert.equal(where(defaults.limits.cpu), 'spec.limits[1].max.cpu');
    assert.equal(where(defaults.requests.cpu), 'spec.limits[1].max.cpu');
    assert.equal(defaults.limits.memory, undefined, 'min gives no default limit');
    assert.equal(where(defaults.requests.memory), 'spec.limits[1].min.memory');
  });

  it('prefers explicit defaults, and takes the first LimitRange that gives one', () => {
    const defaults = containerDefaults(
      limitRanges(`apiVersion: v1
kind: LimitRange
metadata: {name: a, namespace: shop}
spec:
  limits: [{type: Container, default: {cpu: 500m}, defaultRequest: {cpu: 100m}, max: {cpu: "2"}}]
---
apiVersion: v1
kind: LimitRange
metadata: {name: b, namespace: shop}
spec:
  limits: [{type: Container, default: {memory: 256Mi}}]
`),
    );
    assert.equal(where(defaults.limits.cpu), 'spec.limits[0].default.cpu');
    assert.equal(where(defaults.requests.cpu), 'spec.limits[0].defaultRequest.cpu');
    assert.equal(defaults.limits.memory?.resource.ref.name, 'b');
    assert.equal(where(defaults.requests.memory), 'spec.limits[0].default.memory');
  });

  it('reads quantities written as numbers, and ignores empty ones', () => {
    assert.ok(isQuantity(2) && isQuantity('500m'));
    assert.ok(!isQuantity('') && !isQuantity(' ') && !isQuantity(null) && !isQuantity({}));
    const defaults = containerDefaults(limitRanges('apiVersion: v1\nkind: LimitRange\nmetadata: {name: a}\nspec: {limits: [{type: Container, default: {cpu: ""}}]}\n'));
    assert.deepEqual(defaults, { limits: {}, requests: {} });
  });
});
