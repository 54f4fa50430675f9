// The network policies that apply in each namespace, gathered once per scan (ResourceIndex.derive) for the
// namespace and workload controls that all ask the same questions of them.

import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asRecord } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import {
  CILIUM_CLUSTERWIDE_POLICY_KIND,
  CILIUM_POLICY_KIND,
  ciliumRules,
  deniesAll,
  enforces,
  mayApplyToNamespace,
  selectsWholeNamespace,
  type CiliumRule,
} from './cilium.js';
import { labelsOf, type Labels } from './label-selector.js';
import { directions, isDefaultDeny, isolates, NETWORK_POLICY_KIND, networkPolicyView, type Direction, type NetworkPolicyView } from './network-policy.js';

const NAMESPACE_KIND = '/Namespace';

/** The kinds a control that asks about network policies must declare in `reads`. */
export const networkPolicyReads: readonly string[] = [NETWORK_POLICY_KIND, CILIUM_POLICY_KIND, CILIUM_CLUSTERWIDE_POLICY_KIND, NAMESPACE_KIND];

/** Label every namespace carries since Kubernetes 1.22, set by the API server. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The policy (or Cilium rule) that establishes a fact, and where in it. */
export interface Evidence {
  readonly resource: Resource;
  readonly path: Path;
}

export interface NamespaceNetwork {
  readonly namespace: string;
  /** The Namespace's labels, with the kubernetes.io/metadata.name label the API server adds. */
  readonly labels: Labels;
  /** NetworkPolicies of the namespace. */
  readonly policies: readonly NetworkPolicyView[];
  /** Rules of the namespace's CiliumNetworkPolicies, and cluster-wide rules whose namespace conditions hold for it. */
  readonly ciliumRules: readonly CiliumRule[];
  /** The namespace has a NetworkPolicy or CiliumNetworkPolicy, or a cluster-wide rule selects all its pods. */
  readonly hasPolicy: boolean;
  /** A policy selecting every pod that denies all traffic in that direction (App. E). */
  readonly defaultDeny: Readonly<Record<Direction, Evidence | undefined>>;
  /** A policy selecting every pod that isolates it in that direction (whatever it then allows). */
  readonly isolatesAllPods: Readonly<Record<Direction, Evidence | undefined>>;
}

/** Every network policy of the input, grouped by namespace; each namespace's facts are built on first use. */
export class NetworkInventory {
  /** The input holds at least one NetworkPolicy or Cilium policy. */
  readonly hasAnyPolicy: boolean;
  private readonly clusterwide: readonly CiliumRule[];
  private readonly facts = new Map<string, NamespaceNetwork>();

  constructor(private readonly index: ResourceIndex) {
    this.clusterwide = index.list(CILIUM_CLUSTERWIDE_POLICY_KIND).flatMap(ciliumRules);
    this.hasAnyPolicy =
      index.list(NETWORK_POLICY_KIND).length > 0 ||
      index.list(CILIUM_POLICY_KIND).length > 0 ||
      index.list(CILIUM_CLUSTERWIDE_POLICY_KIND).length > 0;
  }

  namespaceLabels(namespace: string): Labels {
    const object = this.index.get(NAMESPACE_KIND, undefined, namespace);
    return { ...labelsOf(asRecord(object?.object['metadata'])?.['labels']), [NAMESPACE_NAME_LABEL]: namespace };
  }

  forNamespace(namespace: string): NamespaceNetwork {
    let facts = this.facts.get(namespace);
    if (!facts) this.facts.set(namespace, (facts = this.build(namespace)));
    return facts;
  }

  private build(namespace: string): NamespaceNetwork {
    const labels = this.namespaceLabels(namespace);
    const policies = this.index.inNamespace(NETWORK_POLICY_KIND, namespace).map(networkPolicyView);
    const namespaced = this.index.inNamespace(CILIUM_POLICY_KIND, namespace);
    const rules = [...namespaced.flatMap(ciliumRules), ...this.clusterwide.filter((r) => mayApplyToNamespace(r, namespace, labels))];
    const whole = rules.filter((r) => selectsWholeNamespace(r, namespace, labels));
    const defaultDeny = {} as Record<Direction, Evidence | undefined>;
    const isolatesAllPods = {} as Record<Direction, Evidence | undefined>;
    for (const direction of directions) {
      const denying = policies.find((p) => isDefaultDeny(p, direction));
      const ciliumDenying = whole.find((r) => deniesAll(r, direction));
      defaultDeny[direction] = denying ? { resource: denying.resource, path: ['spec'] } : ciliumDenying && { resource: ciliumDenying.resource, path: ciliumDenying.path };
      const isolating = policies.find((p) => p.selectsAllPods && isolates(p, direction));
      const ciliumIsolating = whole.find((r) => enforces(r, direction));
      isolatesAllPods[direction] = isolating ? { resource: isolating.resource, path: ['spec'] } : ciliumIsolating && { resource: ciliumIsolating.resource, path: ciliumIsolating.path };
    }
    return {
      namespace,
      labels,
      policies,
      ciliumRules: rules,
      hasPolicy: policies.length > 0 || namespaced.length > 0 || whole.length > 0,
      defaultDeny,
      isolatesAllPods,
    };
  }
}

function buildInventory(index: ResourceIndex): NetworkInventory {
  return new NetworkInventory(index);
}

/** The scan's network inventory, built once per scan. The control must read `networkPolicyReads`. */
export function networkInventory(index: ResourceIndex): NetworkInventory {
  return index.derive(buildInventory);
}
