import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceIndex } from '../engine/resource-index.js';
import { parseManifests } from '../parse/manifests.js';
import { networkInventory, networkPolicyReads } from './namespace-network.js';

function index(text: string): ResourceIndex {
  return new ResourceIndex(parseManifests({ path: 'x.yaml', text }).resources, new Set(networkPolicyReads));
}

describe('per-namespace network facts', () => {
  const idx = index(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: storefront}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress}
spec: {podSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: storefront-egress}
spec:
  endpointSelector: {matchLabels: {io.cilium.k8s.namespace.labels.team: storefront}}
  egress: [{toEntities: [cluster]}]
`);

  it('is built once per scan and per namespace', () => {
    const inventory = networkInventory(idx);
    assert.equal(networkInventory(idx), inventory);
    assert.equal(inventory.forNamespace('shop'), inventory.forNamespace('shop'));
    assert.ok(inventory.hasAnyPolicy);
  });

  it('keeps each namespace to its own policies, unnamespaced ones in default', () => {
    const inventory = networkInventory(idx);
    const shop = inventory.forNamespace('shop');
    assert.deepEqual(shop.policies.map((p) => p.name), ['deny-all']);
    assert.equal(shop.defaultDeny.Ingress?.resource.ref.name, 'deny-all');
    assert.equal(shop.defaultDeny.Egress?.resource.ref.name, 'deny-all');
    const fallback = inventory.forNamespace('default');
    assert.deepEqual(fallback.policies.map((p) => p.name), ['deny-ingress']);
    assert.equal(fallback.defaultDeny.Ingress?.resource.ref.name, 'deny-ingress');
    assert.equal(fallback.defaultDeny.Egress, undefined);
    assert.equal(inventory.forNamespace('billing').hasPolicy, false);
  });

  it('applies cluster-wide Cilium rules by namespace labels, with the name label the API server adds', () => {
    const inventory = networkInventory(idx);
    assert.deepEqual(inventory.namespaceLabels('shop'), { team: 'storefront', 'kubernetes.io/metadata.name': 'shop' });
    assert.deepEqual(inventory.namespaceLabels('billing'), { 'kubernetes.io/metadata.name': 'billing' });
    assert.deepEqual(inventory.forNamespace('shop').ciliumRules.map((r) => r.resource.ref.name), ['storefront-egress']);
    assert.equal(inventory.forNamespace('shop').isolatesAllPods.Egress?.resource.ref.name, 'deny-all');
    assert.deepEqual(inventory.forNamespace('billing').ciliumRules, []);
  });
});
