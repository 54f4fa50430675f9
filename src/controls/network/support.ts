import type { ControlContext, ControlVerdict } from '../../core/control.js';
import { formatRange, parseCidr, type AddressRange } from '../../network/cidr.js';
import { asArray } from '../../core/values.js';
import { networkInventory, networkPolicyReads, type NamespaceNetwork } from '../../network/namespace-network.js';

/** The policy kinds whose absence leaves pods unisolated (the Namespace kind is read for labels only). */
const POLICY_KINDS = networkPolicyReads.filter((kind) => kind !== '/Namespace');
import { isolates, ruleField, rulesOf, type Direction } from '../../network/network-policy.js';

/**
 * NetworkPolicy evidence is missing when the input holds no NetworkPolicy or Cilium policy at all: the
 * manifests of one application say nothing about the policies of the cluster it runs in. The catalog makes
 * such controls not evaluated rather than failed.
 */
export function requireNetworkPolicies(ctx: ControlContext): ControlVerdict | undefined {
  if (networkInventory(ctx.index).hasAnyPolicy) return undefined;
  // A live cluster listed every policy kind and found none: the cluster has no policies, which is the finding.
  if (POLICY_KINDS.every((kind) => ctx.listedKinds?.has(kind))) return undefined;
  return {
    status: 'not-evaluated',
    reason: 'the input holds no NetworkPolicy (nor CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy): scan the policies with the workloads, or a live cluster',
  };
}

/** Requires at least one object of a kind in the input, for the "every namespace has one" controls. */
export function requireKind(ctx: ControlContext, kind: string, name: string): ControlVerdict | undefined {
  if (ctx.index.list(kind).length > 0 || ctx.listedKinds?.has(kind)) return undefined;
  return {
    status: 'not-evaluated',
    reason: `the input holds no ${name}: scan the namespaces' ${name}s with the workloads, or a live cluster`,
  };
}

/** The configured metadata service addresses that parse, as ranges. */
export function metadataTargets(addresses: readonly string[]): AddressRange[] {
  return addresses.map((a) => parseCidr(a, true)).filter((r): r is AddressRange => r !== undefined);
}

/** 169.254.169.254 rather than 169.254.169.254/32, for messages. */
export function formatTarget(range: AddressRange): string {
  const text = formatRange(range);
  const full = range.family === 4 ? 32 : 128;
  return range.prefixLength === full ? text.slice(0, text.lastIndexOf('/')) : text;
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Why the namespace's closest policy is not the default deny, so the message points at the policy to fix:
 * App. E's `policyType` typo, a deny-all that selects only some pods, or one that allows some traffic.
 */
export function nearMissDetail(facts: NamespaceNetwork, direction: Direction): string {
  const field = ruleField[direction];
  for (const policy of facts.policies) {
    const typo = asArray(policy.spec['policyType']);
    if (typo.includes(direction) && !policy.policyTypes.has(direction)) {
      return `; "${policy.name}" writes policyType instead of policyTypes, so it does not isolate ${field}`;
    }
  }
  for (const policy of facts.policies) {
    if (!isolates(policy, direction)) continue;
    const rules = rulesOf(policy, direction).length;
    if (policy.selectsAllPods && rules > 0) {
      return `; "${policy.name}" selects every pod but allows ${rules === 1 ? 'an' : rules} ${field} rule${rules === 1 ? '' : 's'}`;
    }
    if (!policy.selectsAllPods && rules === 0) return `; "${policy.name}" denies ${field} only for the pods its podSelector matches`;
  }
  return '';
}
