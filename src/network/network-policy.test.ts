import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '../core/resource.js';
import { parseManifests } from '../parse/manifests.js';
import { isAllowAllRule, isDefaultDeny, isolates, networkPolicyView, rulePortsAllow, selectsPod } from './network-policy.js';

function policy(spec: string, namespace = 'shop'): Resource {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ${namespace}}\nspec: ${spec}\n`;
  const [resource] = parseManifests({ path: 'p.yaml', text }).resources;
  assert.ok(resource);
  return resource;
}

const view = (spec: string) => networkPolicyView(policy(spec));

describe('NetworkPolicy semantics', () => {
  it('defaults policyTypes as the API server does', () => {
    assert.deepEqual([...view('{podSelector: {}}').policyTypes], ['Ingress']);
    assert.deepEqual([...view('{podSelector: {}, egress: [{}]}').policyTypes], ['Ingress', 'Egress']);
    assert.deepEqual([...view('{podSelector: {}, egress: []}').policyTypes], ['Ingress'], 'an empty egress list adds nothing');
    assert.deepEqual([...view('{podSelector: {}, policyTypes: []}').policyTypes], ['Ingress'], 'an empty list is defaulted too');
    assert.deepEqual([...view('{podSelector: {}, policyTypes: [Egress]}').policyTypes], ['Egress'], 'a listed type is taken as written');
    assert.deepEqual([...view('{podSelector: {}, policyTypes: [Egress], ingress: [{}]}').policyTypes], ['Egress'], 'rules do not add types when listed');
    assert.equal(view('{podSelector: {}}').policyTypesDefaulted, true);
    assert.equal(view('{podSelector: {}, policyTypes: [Ingress]}').policyTypesDefaulted, false);
  });

  it('reads a missing spec as the zero spec, and a spec that is no object as a refused policy', () => {
    const zero = networkPolicyView(parseManifests({ path: 'p.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n' }).resources[0] as Resource);
    assert.ok(zero.selectsAllPods && isDefaultDeny(zero, 'Ingress'));
    assert.equal(zero.namespace, 'default');
    const refused = view('just text');
    assert.ok(!refused.selectsAllPods && !selectsPod(refused, {}) && refused.policyTypes.size === 0);
  });

  it('reads a missing podSelector as {}', () => {
    const v = view('{policyTypes: [Ingress]}');
    assert.ok(v.selectsAllPods);
    assert.ok(selectsPod(v, { app: 'anything' }));
    assert.ok(view('{podSelector: {matchLabels: {}, matchExpressions: []}}').selectsAllPods);
    assert.ok(!view('{podSelector: {matchLabels: {app: web}}}').selectsAllPods);
  });

  it('detects App. E default-deny policies, and only those', () => {
    assert.ok(isDefaultDeny(view('{podSelector: {}, policyTypes: [Ingress]}'), 'Ingress'));
    assert.ok(isDefaultDeny(view('{podSelector: {}}'), 'Ingress'), 'policyTypes defaults to Ingress');
    assert.ok(isDefaultDeny(view('{podSelector: {}, policyTypes: [Ingress, Egress], ingress: []}'), 'Egress'));
    assert.ok(!isDefaultDeny(view('{podSelector: {}}'), 'Egress'), 'no Egress without policyTypes or egress rules');
    assert.ok(!isDefaultDeny(view('{podSelector: {}, policyTypes: [Ingress], ingress: [{}]}'), 'Ingress'), '- {} allows everything');
    assert.ok(!isDefaultDeny(view('{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}'), 'Ingress'));
    assert.ok(!isDefaultDeny(view('{podSelector: {}, policyType: [Egress]}'), 'Egress'), 'the App. E typo isolates for ingress only');
    assert.ok(isDefaultDeny(view('{podSelector: {}, policyType: [Egress]}'), 'Ingress'));
    assert.ok(isolates(view('{podSelector: {}, policyTypes: [Egress], egress: [{}]}'), 'Egress'));
  });

  it('tells allow-all rules apart from rules with peers or ports', () => {
    assert.ok(isAllowAllRule({}, 'Ingress'));
    assert.ok(isAllowAllRule({ from: [] }, 'Ingress'));
    assert.ok(isAllowAllRule({ to: [], ports: [] }, 'Egress'));
    assert.ok(!isAllowAllRule({ ports: [{ port: 53 }] }, 'Egress'));
    assert.ok(!isAllowAllRule({ from: [{ podSelector: {} }] }, 'Ingress'));
    assert.ok(isAllowAllRule({ from: [{ podSelector: {} }] }, 'Egress'), 'from means nothing in an egress rule');
    assert.ok(!isAllowAllRule('oops', 'Ingress'));
  });

  it('matches ports with TCP as the default protocol, ranges and named ports', () => {
    assert.ok(rulePortsAllow({}, 'TCP', 80));
    assert.ok(rulePortsAllow({ ports: [{ port: 80 }] }, 'TCP', 80));
    assert.ok(!rulePortsAllow({ ports: [{ port: 80, protocol: 'UDP' }] }, 'TCP', 80));
    assert.ok(rulePortsAllow({ ports: [{ port: 1, endPort: 1024 }] }, 'TCP', 80));
    assert.ok(!rulePortsAllow({ ports: [{ port: 443 }] }, 'TCP', 80));
    assert.ok(rulePortsAllow({ ports: [{ protocol: 'TCP' }] }, 'TCP', 80), 'no port: every port');
    assert.ok(!rulePortsAllow({ ports: [{ port: 'http' }] }, 'TCP', 80), 'a named port only matches pods');
  });
});
