import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../core/path.js';
import { parseManifests } from '../parse/manifests.js';
import { parseCidr, type AddressRange } from './cidr.js';
import { ciliumRules } from './cilium.js';
import { ciliumDenyCovers, ciliumRulesReaching, networkPolicyRulesReaching } from './egress-reach.js';
import { networkPolicyView } from './network-policy.js';

const metadata = ['169.254.169.254/32', 'fd00:ec2::254/128'].map((t) => parseCidr(t) as AddressRange);

function resource(text: string) {
  const [r] = parseManifests({ path: 'x.yaml', text }).resources;
  assert.ok(r);
  return r;
}
const np = (spec: string) => networkPolicyView(resource(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: ${spec}\n`));
const reaching = (spec: string) => networkPolicyRulesReaching(np(spec), metadata, 80).map((r) => `${formatPath(r.path)} ${r.allows}`);
const cilium = (spec: string) => ciliumRules(resource(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec: ${spec}\n`))[0];

describe('egress reachability of the metadata service', () => {
  it('through NetworkPolicy egress rules', () => {
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress]}'), []);
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{}]}'), ['spec.egress[0] every destination', 'spec.egress[0] every destination']);
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]}'), [
      'spec.egress[0].to[0].ipBlock 0.0.0.0/0',
    ]);
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}, {ipBlock: {cidr: "::/0"}}]}]}'), [
      'spec.egress[0].to[1].ipBlock ::/0',
    ]);
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {}}]}]}'), [], 'pods are not the metadata service');
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]}'), [], 'only port 443');
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}, {port: 53}]}]}'), [], 'a DNS allowance');
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Ingress], egress: [{}]}'), [], 'egress rules of an ingress-only policy are ignored');
    assert.deepEqual(reaching('{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: not-a-cidr}}]}]}'), []);
  });

  it('through Cilium egress rules, and blocked by Cilium egressDeny', () => {
    const paths = (spec: string) => {
      const rule = cilium(spec);
      assert.ok(rule);
      return ciliumRulesReaching(rule, metadata, 80).map((r) => `${formatPath(r.path)} ${r.allows}`);
    };
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{}]}'), []);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toEntities: [world]}]}'), ['spec.egress[0].toEntities the world entity', 'spec.egress[0].toEntities the world entity']);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toEntities: [world-ipv4]}]}'), ['spec.egress[0].toEntities the world entity']);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toEntities: [cluster]}]}'), []);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toCIDR: [169.254.169.254]}]}'), ['spec.egress[0].toCIDR[0] 169.254.169.254']);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [169.254.0.0/16]}]}]}'), []);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]}'), ['spec.egress[0].toCIDRSet[0] 0.0.0.0/0']);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toPorts: [{ports: [{port: "80"}]}]}]}'), [
      'spec.egress[0] every destination',
      'spec.egress[0] every destination',
    ]);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toEndpoints: [{}]}]}'), []);
    assert.deepEqual(paths('{endpointSelector: {}, egress: [{toFQDNs: [{matchName: example.com}]}]}'), []);

    const deny = (spec: string, target: AddressRange) => {
      const rule = cilium(spec);
      assert.ok(rule);
      return ciliumDenyCovers(rule, target, 80);
    };
    const [v4, v6] = metadata as [AddressRange, AddressRange];
    assert.ok(deny('{endpointSelector: {}, egressDeny: [{toCIDR: [169.254.169.254/32]}]}', v4));
    assert.ok(!deny('{endpointSelector: {}, egressDeny: [{toCIDR: [169.254.169.254/32]}]}', v6));
    assert.ok(deny('{endpointSelector: {}, egressDeny: [{toCIDRSet: [{cidr: 169.254.0.0/16}]}]}', v4));
    assert.ok(!deny('{endpointSelector: {}, egressDeny: [{toCIDRSet: [{cidr: 169.254.0.0/16, except: [169.254.169.254/32]}]}]}', v4));
    assert.ok(!deny('{endpointSelector: {}, egressDeny: [{toCIDR: [169.254.169.254/32], toPorts: [{ports: [{port: "443"}]}]}]}', v4));
    assert.ok(deny('{endpointSelector: {}, egressDeny: [{toEntities: [world]}]}', v6));
  });
});
