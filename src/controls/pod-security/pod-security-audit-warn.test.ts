import { testControl, yaml } from '../../testing/control-tester.js';
import control from './pod-security-audit-warn.js';

testControl(control, {
  valid: [
    {
      name: 'audit and warn at restricted, version latest',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/audit: restricted
            pod-security.kubernetes.io/warn: restricted
            pod-security.kubernetes.io/warn-version: latest`,
    },
    {
      name: 'system namespaces are excluded',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}`,
    },
    {
      name: 'a pinned version within three minors of the target',
      settings: { pssVersion: { major: 1, minor: 33 } },
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/audit: restricted
            pod-security.kubernetes.io/warn: restricted
            pod-security.kubernetes.io/enforce-version: v1.31`,
    },
  ],
  invalid: [
    {
      name: 'no labels at all',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}`,
      findings: [
        { messageId: 'missing', path: 'metadata.labels', kind: 'Namespace', line: 3 },
        { messageId: 'missing', path: 'metadata.labels', kind: 'Namespace', line: 3 },
      ],
    },
    {
      name: 'warn at baseline, and a stale pinned version',
      settings: { pssVersion: { major: 1, minor: 34 } },
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/audit: restricted
            pod-security.kubernetes.io/warn: baseline
            pod-security.kubernetes.io/audit-version: v1.25`,
      findings: [
        { messageId: 'notRestricted', path: 'metadata.labels["pod-security.kubernetes.io/warn"]', kind: 'Namespace', line: 7, column: 5 },
        { messageId: 'staleVersion', path: 'metadata.labels["pod-security.kubernetes.io/audit-version"]', kind: 'Namespace', status: 'warning', line: 8 },
      ],
    },
  ],
});
