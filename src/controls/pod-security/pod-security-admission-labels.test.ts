import { testControl, yaml } from '../../testing/control-tester.js';
import control from './pod-security-admission-labels.js';

testControl(control, {
  valid: [
    {
      name: 'restricted enforced; system namespaces are excluded',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {pod-security.kubernetes.io/enforce: restricted}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}`,
    },
    {
      name: 'a Kyverno podSecurity policy in Enforce mode',
      manifest: yaml`
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: pss}
        spec:
          validationFailureAction: Enforce
          rules:
            - name: baseline
              validate: {podSecurity: {level: baseline, version: latest}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}`,
    },
  ],
  invalid: [
    {
      name: 'no label, and privileged',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {team: web}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ops
          labels:
            pod-security.kubernetes.io/enforce: privileged`,
      findings: [
        { messageId: 'missing', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', line: 5, column: 3 },
        { messageId: 'privileged', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', line: 12, column: 5 },
      ],
    },
  ],
});
