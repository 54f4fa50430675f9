import { catalogFields } from '../../guidance/lookup.js';
import { auditRules, isCatchAll, levelRank } from '../../node/audit-policy.js';
import { auditPolicyOf, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { auditPolicyExample } from './audit-policy-example.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-003'),
    slug: 'audit-catch-all-rule',
    rationale:
      'A request that no rule matches is not recorded. The guidance\'s policy (Appendix L) ends with a rule that matches everything at RequestResponse (v1.2: after a Metadata rule for Secrets), so that new resources and unforeseen requests are still logged.',
    remediation: 'End the policy with a rule that has no selectors: `- level: RequestResponse` (or Request).',
    messages: {
      noCatchAll: 'The audit policy does not end with a catch-all rule (a rule with no selectors): requests no rule matches are not recorded.',
      catchAllNone: 'The audit policy\'s final catch-all rule is at level {{level}}: requests no earlier rule matches are not recorded.',
      catchAllLow: 'The audit policy\'s final catch-all rule is at level {{level}}: the guidance records everything else at RequestResponse.',
    },
    example: auditPolicyExample,
  },
  judge(apiServer, configuration) {
    const policy = auditPolicyOf(apiServer, configuration);
    if (policy instanceof NotJudged) return policy;
    const rules = auditRules(policy.resource);
    const last = rules[rules.length - 1];
    if (!last || !isCatchAll(last)) return [report({ resource: policy.resource, path: last ? ['rules', last.index] : ['rules'] }, 'noCatchAll')];
    const at = { resource: policy.resource, path: ['rules', last.index, 'level'] };
    const rank = levelRank(last.level);
    if (rank < levelRank('Metadata')) return [report(at, 'catchAllNone', { level: last.level ?? '(unset)' })];
    if (rank < levelRank('RequestResponse')) return [report(at, 'catchAllLow', { level: last.level ?? '(unset)' }, 'warning')];
    return [];
  },
});
