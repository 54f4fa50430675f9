import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests } from '../parse/manifests.js';
import {
  ciliumPortsAllow,
  ciliumRules,
  deniesAll,
  endpointLabels,
  enforces,
  mayApplyToNamespace,
  selectsEndpoint,
  selectsWholeNamespace,
  type CiliumRule,
} from './cilium.js';

function rules(text: string): CiliumRule[] {
  const resources = parseManifests({ path: 'c.yaml', text }).resources;
  assert.equal(resources.length, 1);
  return ciliumRules(resources[0] as NonNullable<(typeof resources)[0]>);
}
const cnp = (body: string, namespace = 'shop') => rules(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: ${namespace}}\n${body}\n`);
const ccnp = (body: string) => rules(`apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\n${body}\n`);
const one = (list: CiliumRule[]): CiliumRule => {
  assert.equal(list.length, 1);
  return list[0] as CiliumRule;
};

describe('Cilium policies', () => {
  it('reads spec and specs, and leaves host policies out', () => {
    assert.equal(cnp('spec: {endpointSelector: {}}').length, 1);
    assert.deepEqual(cnp('specs: [{endpointSelector: {}}, {endpointSelector: {matchLabels: {app: a}}}]').map((r) => r.path), [['specs', 0], ['specs', 1]]);
    assert.equal(cnp('specs: []').length, 0);
    assert.equal(ccnp('spec: {nodeSelector: {}, ingress: [{}]}').length, 0);
    assert.equal(cnp('spec: {ingress: [{}]}').length, 0, 'no endpointSelector');
  });

  it('enters default deny per direction, as the default enforcement mode does', () => {
    const r = one(cnp('spec: {endpointSelector: {}, ingress: [{}]}'));
    assert.ok(enforces(r, 'Ingress') && deniesAll(r, 'Ingress'));
    assert.ok(!enforces(r, 'Egress'), 'no egress section: egress is left alone');
    assert.ok(!enforces(one(cnp('spec: {endpointSelector: {}, ingress: []}')), 'Ingress'), 'an empty section does not apply');
    const deny = one(cnp('spec: {endpointSelector: {}, egressDeny: [{toEntities: [world]}]}'));
    assert.ok(enforces(deny, 'Egress') && deniesAll(deny, 'Egress'), 'deny rules also put endpoints in default deny');
    const optedOut = one(cnp('spec: {endpointSelector: {}, enableDefaultDeny: {ingress: false}, ingress: [{fromEntities: [cluster]}]}'));
    assert.ok(!enforces(optedOut, 'Ingress'));
    const optedIn = one(cnp('spec: {endpointSelector: {}, enableDefaultDeny: {egress: true}}'));
    assert.ok(enforces(optedIn, 'Egress') && deniesAll(optedIn, 'Egress'));
    const allowing = one(cnp('spec: {endpointSelector: {}, ingress: [{fromEndpoints: [{}]}]}'));
    assert.ok(enforces(allowing, 'Ingress') && !deniesAll(allowing, 'Ingress'));
    assert.ok(!deniesAll(one(cnp('spec: {endpointSelector: {}, egress: [{toPorts: [{ports: [{port: "53"}]}]}]}')), 'Egress'), 'an L4-only rule allows');
  });

  it('selects endpoints by pod labels, with k8s:/any: prefixes and within its namespace', () => {
    const labels = endpointLabels({ app: 'web' }, 'shop', { 'kubernetes.io/metadata.name': 'shop' }, 'default');
    assert.ok(selectsEndpoint(one(cnp('spec: {endpointSelector: {matchLabels: {"k8s:app": web}}}')), 'shop', labels));
    assert.ok(selectsEndpoint(one(cnp('spec: {endpointSelector: {matchLabels: {"any:app": web}}}')), 'shop', labels));
    assert.ok(!selectsEndpoint(one(cnp('spec: {endpointSelector: {matchLabels: {"reserved:host": ""}}}')), 'shop', labels));
    assert.ok(!selectsEndpoint(one(cnp('spec: {endpointSelector: {}}', 'other')), 'shop', labels), 'a CNP selects only in its namespace');
    assert.ok(selectsEndpoint(one(ccnp('spec: {endpointSelector: {}}')), 'shop', labels));
    assert.ok(selectsEndpoint(one(ccnp('spec: {endpointSelector: {matchLabels: {"io.kubernetes.pod.namespace": shop}}}')), 'shop', labels));
    assert.ok(selectsEndpoint(one(ccnp('spec: {endpointSelector: {matchLabels: {"io.cilium.k8s.policy.serviceaccount": default}}}')), 'shop', labels));
  });

  it('knows when a rule covers a whole namespace', () => {
    const nsLabels = { 'kubernetes.io/metadata.name': 'shop', team: 'a' };
    assert.ok(selectsWholeNamespace(one(ccnp('spec: {endpointSelector: {}}')), 'shop', nsLabels));
    const notSystem = one(ccnp('spec: {endpointSelector: {matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]}}'));
    assert.ok(selectsWholeNamespace(notSystem, 'shop', nsLabels));
    assert.ok(!selectsWholeNamespace(notSystem, 'kube-system', {}));
    const byTeam = one(ccnp('spec: {endpointSelector: {matchLabels: {"k8s:io.cilium.k8s.namespace.labels.team": a}}}'));
    assert.ok(selectsWholeNamespace(byTeam, 'shop', nsLabels));
    assert.ok(!selectsWholeNamespace(byTeam, 'other', { 'kubernetes.io/metadata.name': 'other' }));
    const byPod = one(ccnp('spec: {endpointSelector: {matchExpressions: [{key: role, operator: In, values: [frontend]}]}}'));
    assert.ok(!selectsWholeNamespace(byPod, 'shop', nsLabels), 'a pod-label requirement selects only some pods');
    assert.ok(mayApplyToNamespace(byPod, 'shop', nsLabels));
    assert.ok(!mayApplyToNamespace(notSystem, 'kube-system', {}));
    assert.ok(!selectsWholeNamespace(one(cnp('spec: {endpointSelector: {}}', 'other')), 'shop', nsLabels));
  });

  it('matches toPorts: ANY protocol by default, string ports, ranges, port 0 for all', () => {
    assert.ok(ciliumPortsAllow({}, 'TCP', 80));
    assert.ok(ciliumPortsAllow({ toPorts: [{ ports: [{ port: '80' }] }] }, 'TCP', 80));
    assert.ok(ciliumPortsAllow({ toPorts: [{ ports: [{ port: '0', protocol: 'TCP' }] }] }, 'TCP', 80));
    assert.ok(!ciliumPortsAllow({ toPorts: [{ ports: [{ port: '80', protocol: 'UDP' }] }] }, 'TCP', 80));
    assert.ok(ciliumPortsAllow({ toPorts: [{ ports: [{ port: '1', endPort: 1024, protocol: 'tcp' }] }] }, 'TCP', 80));
    assert.ok(!ciliumPortsAllow({ toPorts: [{ ports: [{ port: '443' }] }] }, 'TCP', 80));
    assert.ok(!ciliumPortsAllow({ toPorts: [{ ports: [{ port: 'http' }] }] }, 'TCP', 80));
  });
});
