import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString, asStringArray } from '../core/values.js';

/**
 * An audit Policy's rules and how the API server matches a request against them
 * (k8s.io/apiserver/pkg/audit/policy/checker.go): the first rule that matches decides the level.
 */

export const auditLevels = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof auditLevels)[number];

export function levelRank(level: string | undefined): number {
  return auditLevels.indexOf(level as AuditLevel);
}

export interface GroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface AuditRule {
  readonly index: number;
  readonly level: string | undefined;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly namespaces: readonly string[];
  /** Undefined when the rule has no resources selector. */
  readonly resources: readonly GroupResources[] | undefined;
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly string[];
}

/** A request on a resource: `{group: '', resource: 'pods', subresource: 'exec', verb: 'create'}`. */
export interface ResourceRequest {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly verb?: string | undefined;
}

export function auditRules(policy: Resource): AuditRule[] {
  return asArray(policy.object['rules']).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const resources = rule['resources'] === undefined ? undefined : asArray(rule['resources']).map((gr) => {
      const record = asRecord(gr) ?? {};
      return { group: asString(record['group']) ?? '', resources: asStringArray(record['resources']), resourceNames: asStringArray(record['resourceNames']) };
    });
    return {
      index,
      level: asString(rule['level']),
      users: asStringArray(rule['users']),
      userGroups: asStringArray(rule['userGroups']),
      verbs: asStringArray(rule['verbs']),
      namespaces: asStringArray(rule['namespaces']),
      resources: resources && resources.length > 0 ? resources : undefined,
      nonResourceURLs: asStringArray(rule['nonResourceURLs']),
      omitStages: asStringArray(rule['omitStages']),
    };
  });
}

/** The rule's resources selector matches the request's resource (as ruleMatchesResource; names aside). */
function selectorMatches(rule: AuditRule, request: ResourceRequest, ignoreNames: boolean): boolean {
  if (rule.resources === undefined) return rule.nonResourceURLs.length === 0 || rule.namespaces.length > 0;
  const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return rule.resources.some((gr) => {
    if (gr.group !== request.group) return false;
    if (gr.resources.length === 0) return true;
    if (!ignoreNames && gr.resourceNames.length > 0) return false;
    return gr.resources.some(
      (res) =>
        res === combined ||
        res === '*' ||
        (request.subresource !== undefined && res.startsWith('*/') && res.slice(2) === request.subresource) ||
        (res.endsWith('/*') && res.slice(0, -2) === request.resource),
    );
  });
}

/** The rule may match some request on the resource (whoever sends it, in whatever namespace). */
export function mayMatch(rule: AuditRule, request: ResourceRequest): boolean {
  if (request.verb && rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) return false;
  return selectorMatches(rule, request, true);
}

/** The rule matches every request on the resource: nothing after it sees one. */
export function matchesAll(rule: AuditRule, request: ResourceRequest): boolean {
  if (rule.users.length > 0 || rule.userGroups.length > 0 || rule.namespaces.length > 0) return false;
  if (rule.verbs.length > 0 && !(request.verb && rule.verbs.includes(request.verb))) return false;
  return selectorMatches(rule, request, false);
}

/**
 * The rule matches the request of an ordinary authenticated user in an ordinary namespace: rules
 * restricted to named users, groups other than system:authenticated, or named namespaces do not.
 */
export function matchesOrdinaryUser(rule: AuditRule, request: ResourceRequest): boolean {
  if (rule.users.length > 0) return false;
  if (rule.userGroups.length > 0 && !rule.userGroups.includes('system:authenticated')) return false;
  if (rule.namespaces.length > 0) return false;
  if (rule.verbs.length > 0 && !(request.verb && rule.verbs.includes(request.verb))) return false;
  return selectorMatches(rule, request, false);
}

/** A rule with no selector at all: it matches every request. */
export function isCatchAll(rule: AuditRule): boolean {
  return (
    rule.users.length === 0 &&
    rule.userGroups.length === 0 &&
    rule.verbs.length === 0 &&
    rule.namespaces.length === 0 &&
    rule.resources === undefined &&
    rule.nonResourceURLs.length === 0
  );
}

export function describeRequest(request: ResourceRequest): string {
  const group = request.group ? `${request.group}/` : '';
  return `${request.verb ? request.verb + ' ' : ''}${group}${request.resource}${request.subresource ? '/' + request.subresource : ''}`;
}
