import { apiServerPod, manifests } from './node-fixtures.js';

/** A node whose API server reads its audit policy from /etc/kubernetes/audit/policy.yaml (hostPath, read-only). */
export const apiServerManifest = `${manifests}/kube-apiserver.yaml`;
export const policyFile = '/etc/kubernetes/audit/policy.yaml';

export const auditMounts = [
  { name: 'audit-policy', mountPath: '/etc/kubernetes/audit', hostPath: '/etc/kubernetes/audit', readOnly: true },
  { name: 'audit-log', mountPath: '/var/log/kubernetes/audit', hostPath: '/var/log/kubernetes/audit' },
];

export const auditFlags = [
  `--audit-policy-file=${policyFile}`,
  '--audit-log-path=/var/log/kubernetes/audit/audit.log',
  '--audit-log-maxage=1825',
  '--audit-log-maxbackup=10',
  '--audit-log-maxsize=100',
];

export function policy(rules: string, header = ''): string {
  return `apiVersion: audit.k8s.io/v1
kind: Policy
${header}rules:
${rules}`;
}

/** The guidance's v1.2 policy: Secrets (and other credentials) at Metadata, everything else at RequestResponse. */
export const nsaPolicy = policy(`- level: Metadata
  resources:
  - group: ""
    resources: [secrets, configmaps, serviceaccounts/token]
  - group: authentication.k8s.io
    resources: [tokenreviews]
- level: RequestResponse
`);

export function auditNode(policyText: string | undefined, flags: readonly string[] = auditFlags): Record<string, string> {
  return {
    [apiServerManifest]: apiServerPod(flags, { mounts: auditMounts }),
    ...(policyText !== undefined ? { [policyFile]: policyText } : {}),
  };
}
