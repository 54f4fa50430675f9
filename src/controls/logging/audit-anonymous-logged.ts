import { catalogFields } from '../../guidance/lookup.js';
import { auditRules } from '../../node/audit-policy.js';
import { auditPolicyOf, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { auditPolicyExample } from './audit-policy-example.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-005'),
    slug: 'audit-anonymous-logged',
    rationale:
      'The guidance asks that audit logs still record what anonymous accounts do: requests without credentials are how attackers probe a cluster. A rule that sets system:anonymous or system:unauthenticated to None hides exactly those.',
    remediation: 'Remove the level: None rule for system:anonymous / system:unauthenticated (or raise it to Metadata).',
    messages: {
      anonymousIgnored: 'Audit rule {{rule}} sets {{who}} to level None: anonymous requests are not recorded.',
    },
    example: auditPolicyExample,
  },
  judge(apiServer, configuration) {
    const policy = auditPolicyOf(apiServer, configuration);
    if (policy instanceof NotJudged) return policy;
    return auditRules(policy.resource)
      .filter((rule) => rule.level === 'None' && (rule.users.includes('system:anonymous') || rule.userGroups.includes('system:unauthenticated')))
      .map((rule) =>
        report({ resource: policy.resource, path: ['rules', rule.index, 'level'] }, 'anonymousIgnored', {
          rule: rule.index + 1,
          who: [rule.users.includes('system:anonymous') && 'system:anonymous', rule.userGroups.includes('system:unauthenticated') && 'system:unauthenticated'].filter(Boolean).join(' and '),
        }),
      );
  },
});
