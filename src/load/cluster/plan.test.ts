import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { builtinControls } from '../../controls/index.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { clusterNeeds, guessResource, minimalClusterRole } from './plan.js';

const only = (...ids: string[]) => builtinControls.filter((c) => ids.includes(c.meta.id));

describe('clusterNeeds', () => {
  it('asks for the workload kinds only when a pod control is selected', () => {
    const pod = clusterNeeds(only('NSA-POD-006'), defaultSettings);
    assert.ok(pod.workloads);
    for (const kind of ['/Pod', 'apps/Deployment', 'batch/CronJob', 'argoproj.io/Rollout']) assert.ok(pod.kinds.has(kind), kind);
    assert.ok(!pod.kinds.has('extensions/Deployment'), 'a group no cluster serves any more is not listed');
    const rbac = clusterNeeds(only('NSA-AUTH-013'), defaultSettings);
    assert.ok(!rbac.workloads);
    assert.deepEqual([...rbac.kinds].sort(), ['rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/Role']);
  });

  it('lists Secrets by the types the controls judge', () => {
    assert.deepEqual(clusterNeeds(only('NSA-SEC-007'), defaultSettings).secretTypes, ['kubernetes.io/service-account-token']);
  });

  it('wants configz and Nodes for the kubelet controls, and knows which controls they are', () => {
    const needs = clusterNeeds(builtinControls, defaultSettings);
    assert.ok(needs.kubeletConfig);
    assert.ok(needs.kinds.has('/Node'));
    assert.ok(needs.kubeletControls.has('NSA-AUTH-006') || [...needs.kubeletControls].length > 3);
    assert.ok(![...needs.kubeletControls].some((id) => builtinControls.find((c) => c.meta.id === id)?.meta.slug.startsWith('api-server')));
  });

  it('reads nothing for a control that cannot judge live objects', () => {
    const needs = clusterNeeds(only('NSA-UPG-004'), defaultSettings);
    assert.equal(needs.kinds.size, 0);
  });
});

describe('minimalClusterRole', () => {
  it('grants get and list only, secrets list only, nodes/proxy get for configz', () => {
    const role = parse(minimalClusterRole(clusterNeeds(builtinControls, defaultSettings))) as {
      kind: string;
      rules: { apiGroups?: string[]; resources?: string[]; verbs: string[]; nonResourceURLs?: string[] }[];
    };
    assert.equal(role.kind, 'ClusterRole');
    const verbs = new Set(role.rules.flatMap((r) => r.verbs));
    assert.deepEqual([...verbs].sort(), ['get', 'list']);
    const core = role.rules.filter((r) => r.apiGroups?.[0] === '');
    const grants = (resource: string): string[] => core.filter((r) => r.resources?.includes(resource)).flatMap((r) => r.verbs);
    assert.deepEqual(grants('secrets'), ['list']);
    assert.deepEqual(grants('nodes/proxy'), ['get']);
    assert.deepEqual(grants('pods'), ['get', 'list']);
    assert.ok(role.rules.some((r) => r.apiGroups?.[0] === 'networking.k8s.io' && r.resources?.includes('networkpolicies')));
    assert.ok(role.rules.some((r) => r.apiGroups?.[0] === 'apiextensions.k8s.io' && r.resources?.includes('customresourcedefinitions')));
    assert.ok(!role.rules.some((r) => r.apiGroups?.[0] === 'kubeharden.io' || r.apiGroups?.[0] === 'kubelet.config.k8s.io'));
  });
});

describe('guessResource', () => {
  it('pluralises as Kubernetes guesses', () => {
    assert.equal(guessResource('NetworkPolicy'), 'networkpolicies');
    assert.equal(guessResource('Ingress'), 'ingresses');
    assert.equal(guessResource('Endpoints'), 'endpoints');
    assert.equal(guessResource('Gateway'), 'gateways');
    assert.equal(guessResource('IngressClass'), 'ingressclasses');
  });

  it('names a Gatekeeper constraint\'s resource by its lowercase kind, as Gatekeeper makes its CRDs', () => {
    assert.equal(guessResource('K8sPSPCapabilities', 'constraints.gatekeeper.sh'), 'k8spspcapabilities');
    assert.equal(guessResource('K8sPSPHostNetworkingPorts', 'constraints.gatekeeper.sh'), 'k8spsphostnetworkingports');
    assert.equal(guessResource('K8sPSPCapabilities'), 'k8spspcapabilitieses');
  });
});
