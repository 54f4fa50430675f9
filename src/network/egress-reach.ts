// Which egress rules let pods reach given addresses (the cloud metadata service), on a given TCP port.

import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { parseCidr, rangeContains, reachesAnyOf, type AddressRange } from './cidr.js';
import { allowRules, ciliumPortsAllow, denyRules, egressPeerFields, enforces, isEmptyRule, type CiliumRule } from './cilium.js';
import { isolates, rulePortsAllow, rulesOf, type NetworkPolicyView } from './network-policy.js';

/** An egress rule (or peer of one) that lets traffic reach a target address. */
export interface ReachingRule {
  readonly resource: Resource;
  /** The rule or peer, from the policy's root. */
  readonly path: Path;
  readonly target: AddressRange;
  /** What lets the traffic through, e.g. "0.0.0.0/0" or "every destination". */
  readonly allows: string;
}

function parseExcepts(values: unknown): AddressRange[] {
  return asArray(values)
    .map((v) => parseCidr(v))
    .filter((r): r is AddressRange => r !== undefined);
}

/** The egress rules of a NetworkPolicy that reach one of the targets on TCP `port`. */
export function networkPolicyRulesReaching(view: NetworkPolicyView, targets: readonly AddressRange[], port: number): ReachingRule[] {
  // Rules of a direction the policy does not isolate are ignored by every implementation.
  if (!isolates(view, 'Egress')) return [];
  const found: ReachingRule[] = [];
  rulesOf(view, 'Egress').forEach((rule, ruleIndex) => {
    if (!asRecord(rule) || !rulePortsAllow(rule, 'TCP', port)) return;
    const peers = asArray(asRecord(rule)?.['to']);
    if (peers.length === 0) {
      for (const target of targets) {
        found.push({ resource: view.resource, path: ['spec', 'egress', ruleIndex], target, allows: 'every destination' });
      }
      return;
    }
    peers.forEach((peer, peerIndex) => {
      const ipBlock = asRecord(asRecord(peer)?.['ipBlock']);
      const block = parseCidr(ipBlock?.['cidr']);
      if (!ipBlock || !block) return;
      const excepts = parseExcepts(ipBlock['except']);
      for (const target of targets) {
        if (!reachesAnyOf(target, block, excepts)) continue;
        found.push({
          resource: view.resource,
          path: ['spec', 'egress', ruleIndex, 'to', peerIndex, 'ipBlock'],
          target,
          allows: asString(ipBlock['cidr']) ?? '',
        });
      }
    });
  });
  return found;
}

function entitiesReach(entities: readonly unknown[], target: AddressRange): boolean {
  return entities.some((e) => e === 'all' || e === 'world' || (e === 'world-ipv4' && target.family === 4) || (e === 'world-ipv6' && target.family === 6));
}

function hasPeerField(entry: Record<string, unknown>): boolean {
  return egressPeerFields.some((field) => asArray(entry[field]).length > 0);
}

/** The egress allow rules of a Cilium rule that reach one of the targets on TCP `port`. */
export function ciliumRulesReaching(rule: CiliumRule, targets: readonly AddressRange[], port: number): ReachingRule[] {
  const found: ReachingRule[] = [];
  allowRules(rule, 'Egress').forEach((raw, index) => {
    const entry = asRecord(raw);
    if (!entry || isEmptyRule(entry) || !ciliumPortsAllow(entry, 'TCP', port)) return;
    const base = [...rule.path, 'egress', index];
    for (const target of targets) {
      // A rule with only toPorts is an L4 rule: it allows those ports to every destination.
      if (!hasPeerField(entry)) {
        found.push({ resource: rule.resource, path: base, target, allows: 'every destination' });
        continue;
      }
      if (entitiesReach(asArray(entry['toEntities']), target)) {
        found.push({ resource: rule.resource, path: [...base, 'toEntities'], target, allows: 'the world entity' });
        continue;
      }
      asArray(entry['toCIDR']).forEach((cidr, i) => {
        const block = parseCidr(cidr, true);
        if (block && reachesAnyOf(target, block, [])) found.push({ resource: rule.resource, path: [...base, 'toCIDR', i], target, allows: String(cidr) });
      });
      asArray(entry['toCIDRSet']).forEach((set, i) => {
        const record = asRecord(set);
        const block = parseCidr(record?.['cidr'], true);
        if (!record || !block || !reachesAnyOf(target, block, parseExcepts(record['except']))) return;
        found.push({ resource: rule.resource, path: [...base, 'toCIDRSet', i], target, allows: asString(record['cidr']) ?? '' });
      });
    }
  });
  return found;
}

/** An egressDeny of the rule blocks every address of the target on TCP `port` (deny wins over any allow). */
export function ciliumDenyCovers(rule: CiliumRule, target: AddressRange, port: number): boolean {
  return denyRules(rule, 'Egress').some((raw) => {
    const entry = asRecord(raw);
    if (!entry || isEmptyRule(entry) || !ciliumPortsAllow(entry, 'TCP', port)) return false;
    if (!hasPeerField(entry)) return true;
    if (entitiesReach(asArray(entry['toEntities']), target)) return true;
    if (asArray(entry['toCIDR']).some((cidr) => covers(parseCidr(cidr, true), [], target))) return true;
    return asArray(entry['toCIDRSet']).some((set) => {
      const record = asRecord(set);
      return covers(parseCidr(record?.['cidr'], true), parseExcepts(record?.['except']), target);
    });
  });
}

function covers(block: AddressRange | undefined, excepts: readonly AddressRange[], target: AddressRange): boolean {
  return block !== undefined && rangeContains(block, target) && !excepts.some((e) => reachesAnyOf(target, e, []));
}

/** An ipBlock or CIDR for every address of its family: how "the internet" is written in a policy. */
function isEverywhere(cidr: unknown): boolean {
  return parseCidr(cidr, true)?.prefixLength === 0;
}

/**
 * The NetworkPolicy isolates the pods it selects for egress, and none of its egress rules opens the internet:
 * no rule allows every destination, or 0.0.0.0/0 (::/0), on every port.
 */
export function networkPolicyRestrictsEgress(view: NetworkPolicyView): boolean {
  if (!isolates(view, 'Egress')) return false;
  return !rulesOf(view, 'Egress').some((rule) => {
    const record = asRecord(rule);
    if (!record || asArray(record['ports']).length > 0) return false;
    const peers = asArray(record['to']);
    return peers.length === 0 || peers.some((peer) => isEverywhere(asRecord(asRecord(peer)?.['ipBlock'])?.['cidr']));
  });
}

/** The Cilium rule puts its endpoints in egress default deny, and no allow rule of it opens the internet on every port. */
export function ciliumRestrictsEgress(rule: CiliumRule): boolean {
  if (!enforces(rule, 'Egress')) return false;
  return !allowRules(rule, 'Egress').some((raw) => {
    const entry = asRecord(raw);
    if (!entry || isEmptyRule(entry) || asArray(entry['toPorts']).length > 0) return false;
    if (!hasPeerField(entry)) return true;
    if (asArray(entry['toEntities']).some((e) => e === 'all' || e === 'world' || e === 'world-ipv4' || e === 'world-ipv6')) return true;
    return asArray(entry['toCIDR']).some(isEverywhere) || asArray(entry['toCIDRSet']).some((set) => isEverywhere(asRecord(set)?.['cidr']));
  });
}
