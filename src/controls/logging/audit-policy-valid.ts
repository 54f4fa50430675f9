import { catalogFields } from '../../guidance/lookup.js';
import { auditLevels, auditRules } from '../../node/audit-policy.js';
import { referencedFile } from '../../node/configuration.js';
import { AUDIT_POLICY } from '../../node/kinds.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { auditPolicyExample } from './audit-policy-example.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-002'),
    slug: 'audit-policy-valid',
    rationale:
      'An audit policy that is not an audit.k8s.io/v1 Policy, that uses a level the API server does not know, or whose every rule is None, records nothing (or stops the API server from starting): audit logging that only looks enabled.',
    remediation: 'Write the policy as apiVersion: audit.k8s.io/v1, kind: Policy, with levels None, Metadata, Request or RequestResponse and at least one rule that records.',
    messages: {
      notAuditPolicy: 'The audit policy file {{file}} is not an audit.k8s.io/v1 Policy ({{found}}).',
      invalidLevel: 'Audit rule {{rule}} has level {{level}}, which is not None, Metadata, Request or RequestResponse.',
      recordsNothing: 'The audit policy records nothing: {{why}}.',
    },
    example: auditPolicyExample,
  },
  judge(apiServer, configuration) {
    const flag = apiServer.flags.nonEmpty('audit-policy-file');
    if (!flag) return new NotJudged('kube-apiserver has no --audit-policy-file (no audit policy: see NSA-LOG-001)');
    const found = referencedFile(configuration, apiServer, flag, [AUDIT_POLICY], 'the audit policy');
    if (!found.resource) {
      // In a node scan the file was read: if it holds something other than a Policy, that is the finding.
      const searched = found.hostPath ? configuration.evidence.nodeScan?.searched.get(found.hostPath) : undefined;
      if (searched?.status === 'found') return [report(flag.at, 'notAuditPolicy', { file: flag.value, found: 'it holds no audit Policy' })];
      return new NotJudged(found.reason);
    }
    const policy = found.resource;
    if (policy.ref.apiVersion !== 'audit.k8s.io/v1') return [report({ resource: policy, path: ['apiVersion'] }, 'notAuditPolicy', { file: flag.value, found: policy.ref.apiVersion })];
    const rules = auditRules(policy);
    const reports = [];
    for (const rule of rules) {
      if (!(auditLevels as readonly (string | undefined)[]).includes(rule.level)) {
        reports.push(report({ resource: policy, path: ['rules', rule.index, 'level'] }, 'invalidLevel', { rule: rule.index + 1, level: rule.level ?? '(unset)' }));
      }
    }
    if (rules.length === 0) reports.push(report({ resource: policy, path: ['rules'] }, 'recordsNothing', { why: 'it has no rules' }));
    else if (rules.every((r) => r.level === 'None')) reports.push(report({ resource: policy, path: ['rules'] }, 'recordsNothing', { why: 'every rule is at level None' }));
    return reports;
  },
});
