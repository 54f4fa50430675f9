import type { Path } from '../../core/path.js';
import { asStringArray } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { auditRules, describeRequest, matchesOrdinaryUser, type ResourceRequest } from '../../node/audit-policy.js';
import { auditPolicyOf, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { auditPolicyExample } from './audit-policy-example.js';

const writes = ['create', 'update', 'patch', 'delete'];
const each = (group: string, resource: string, verbs: readonly string[], subresource?: string): ResourceRequest[] =>
  verbs.map((verb) => ({ group, resource, verb, ...(subresource ? { subresource } : {}) }));

/** The requests of the guidance's threat-detection table (v1.2) that the audit log must capture. */
const detectionEvents: readonly ResourceRequest[] = [
  ...each('', 'pods', writes),
  ...each('', 'pods', ['create', 'get'], 'exec'),
  ...each('', 'pods', ['create', 'get'], 'attach'),
  ...each('', 'pods', ['create', 'get'], 'portforward'),
  ...each('batch', 'jobs', writes),
  ...each('batch', 'cronjobs', writes),
  ...['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].flatMap((r) => each('rbac.authorization.k8s.io', r, writes)),
  ...['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'].flatMap((r) => each('admissionregistration.k8s.io', r, writes)),
  ...each('', 'serviceaccounts', ['create'], 'token'),
  ...each('', 'secrets', ['get', 'list', 'watch', ...writes]),
];

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-006'),
    slug: 'audit-detection-events',
    rationale:
      'The guidance\'s threat-detection table (v1.2) lists the requests an attacker makes: creating pods and jobs, exec and attach, port-forward, changing RBAC and admission webhooks, minting service account tokens, reading Secrets. A policy that drops any of them (level None, or the ResponseComplete stage omitted) leaves that step invisible.',
    remediation: 'Make sure no rule before the catch-all sets these resources to None, and do not omit the ResponseComplete stage.',
    messages: {
      notCaptured: 'The audit policy does not record {{request}} requests: {{why}}.',
    },
    example: auditPolicyExample,
  },
  judge(apiServer, configuration) {
    const policy = auditPolicyOf(apiServer, configuration);
    if (policy instanceof NotJudged) return policy;
    const rules = auditRules(policy.resource);
    const omittedByPolicy = asStringArray(policy.resource.object['omitStages']).includes('ResponseComplete');
    // One finding per rule (or per missing rule), naming the requests it drops.
    const dropped = new Map<string, { path: Path; why: string; requests: Map<string, string[]> }>();
    const drop = (path: Path, why: string, request: ResourceRequest): void => {
      const key = JSON.stringify(path) + why;
      const entry = dropped.get(key) ?? { path, why, requests: new Map<string, string[]>() };
      const resource = describeRequest({ ...request, verb: undefined });
      entry.requests.set(resource, [...(entry.requests.get(resource) ?? []), request.verb ?? '*']);
      dropped.set(key, entry);
    };
    // Judged for an ordinary authenticated user in an ordinary namespace: rules for named users, groups or
    // namespaces (quieting system components) do not apply to them.
    for (const request of detectionEvents) {
      const rule = rules.find((r) => matchesOrdinaryUser(r, request));
      if (!rule) drop(['rules'], 'no rule matches them', request);
      else if (rule.level === 'None') drop(['rules', rule.index, 'level'], `rule ${rule.index + 1} sets them to None`, request);
      else if (rule.omitStages.includes('ResponseComplete')) drop(['rules', rule.index, 'omitStages'], `rule ${rule.index + 1} omits the ResponseComplete stage`, request);
      else if (omittedByPolicy) drop(['omitStages'], 'the policy omits the ResponseComplete stage', request);
    }
    return [...dropped.values()].map((d) => {
      const requests = [...d.requests].map(([resource, verbs]) => `${resource} (${verbs.join(', ')})`).join(', ');
      return report({ resource: policy.resource, path: d.path }, 'notCaptured', { request: requests, why: d.why });
    });
  },
});
