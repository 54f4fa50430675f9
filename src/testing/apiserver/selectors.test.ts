import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_TYPES } from './registry.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import type { StoredObject } from './store.js';

const podType = BUILTIN_TYPES.find((t) => t.resource === 'pods')!;
const secretType = BUILTIN_TYPES.find((t) => t.resource === 'secrets')!;

function stored(namespace: string, name: string, object: Record<string, unknown>): StoredObject {
  const metadata = { name, namespace };
  return { namespace, name, object: { metadata, ...object }, metadata, labels: {} };
}

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', replicas: '3', 'example.com/team': 'a' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app in (api)', false],
    ['missing in (x)', false],
    ['app notin (api)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['replicas>2', true],
    ['replicas<3', false],
    ['example.com/team=a,app=web', true],
    ['app=web,tier=back', false],
    ['app=', false],
  ];
  for (const [selector, expected] of cases) {
    it(`${JSON.stringify(selector)} ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesLabels(parseLabelSelector(selector), labels), expected);
    });
  }
  it('rejects malformed selectors', () => {
    for (const bad of ['app in (a', 'a b', 'app=web,', 'x>y', '-bad=1', 'app=in valid']) {
      assert.throws(() => parseLabelSelector(bad), SelectorError, bad);
    }
  });
});

describe('field selectors', () => {
  const pod = stored('shop', 'web-1', { spec: { nodeName: 'node-a' }, status: { phase: 'Running' } });
  it('matches metadata and the pod fields the API server supports', () => {
    assert.equal(matchesFields(parseFieldSelector('metadata.name=web-1', podType), pod), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.namespace==shop,spec.nodeName=node-a', podType), pod), true);
    assert.equal(matchesFields(parseFieldSelector('status.phase!=Running', podType), pod), false);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=', podType), stored('a', 'b', { spec: {} })), true);
    assert.equal(matchesFields(parseFieldSelector('spec.hostNetwork=false', podType), pod), true);
  });
  it('matches secret types and unescapes values', () => {
    const secret = stored('a', 's', { type: 'kubernetes.io/service-account-token' });
    assert.equal(matchesFields(parseFieldSelector('type=kubernetes.io/service-account-token', secretType), secret), true);
    const odd = stored('a', 'x,y=z', {});
    assert.equal(matchesFields(parseFieldSelector('metadata.name=x\\,y\\=z', secretType), odd), true);
  });
  it('refuses fields the type does not index', () => {
    assert.throws(() => parseFieldSelector('spec.nodeName=a', secretType), /field label not supported: spec.nodeName/);
    assert.throws(() => parseFieldSelector('nonsense', podType), SelectorError);
  });
});
