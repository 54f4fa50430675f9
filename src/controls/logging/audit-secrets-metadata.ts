import { catalogFields } from '../../guidance/lookup.js';
import { auditRules, describeRequest, levelRank, matchesAll, mayMatch, type ResourceRequest } from '../../node/audit-policy.js';
import { auditPolicyOf, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { auditPolicyExample } from './audit-policy-example.js';

/** Resources whose request and response bodies carry credentials. */
const sensitive: readonly ResourceRequest[] = [
  { group: '', resource: 'secrets' },
  { group: '', resource: 'configmaps' },
  { group: '', resource: 'serviceaccounts', subresource: 'token' },
  { group: 'authentication.k8s.io', resource: 'tokenreviews' },
];

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-004'),
    slug: 'audit-secrets-metadata',
    rationale:
      'At Request or RequestResponse level the audit log stores the bodies of requests: for Secrets, ConfigMaps, service account tokens and token reviews that means the credentials themselves, copied into every log file and SIEM. The guidance (v1.2) logs Secrets at Metadata.',
    remediation: 'Put a rule at level Metadata for secrets, configmaps, serviceaccounts/token and tokenreviews before any rule that records bodies.',
    messages: {
      bodiesLogged: 'The audit policy records the bodies of {{request}} requests at level {{level}} (rule {{rule}}): credentials end up in the audit log.',
    },
    example: auditPolicyExample,
  },
  judge(apiServer, configuration) {
    const policy = auditPolicyOf(apiServer, configuration);
    if (policy instanceof NotJudged) return policy;
    const rules = auditRules(policy.resource);
    const reports = [];
    for (const request of sensitive) {
      // Rules are tried in order: a rule that may match some of these requests decides for them, and one
      // that matches all of them is the last any request reaches.
      for (const rule of rules) {
        if (!mayMatch(rule, request)) continue;
        if (levelRank(rule.level) >= levelRank('Request')) {
          reports.push(report({ resource: policy.resource, path: ['rules', rule.index, 'level'] }, 'bodiesLogged', { request: describeRequest(request), level: rule.level ?? '', rule: rule.index + 1 }));
          break;
        }
        if (matchesAll(rule, request)) break;
      }
    }
    return reports;
  },
});
