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
    {
      name: 'Gatekeeper pod-security-policy library constraints that deny what the baseline level forbids',
      manifest: yaml`
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPPrivilegedContainer
        metadata: {name: psp-privilegedcontainer}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostNamespace
        metadata: {name: psp-hostnamespace}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostNetworkingPorts
        metadata: {name: psp-hostnetworkingports}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostFilesystem
        metadata: {name: psp-hostfilesystem}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPCapabilities
        metadata: {name: psp-capabilities}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}`,
    },
    {
      name: 'the baseline policies of the Kyverno pod-security library in Enforce mode',
      manifest: yaml`
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-privileged-containers, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-privileged-containers, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-namespaces, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-host-namespaces, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-ports, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-host-ports, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-path, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-host-path, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-capabilities, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-capabilities, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}`,
    },
  ],
  invalid: [
    {
      name: 'the Kyverno pod-security library with a baseline policy left in audit mode',
      manifest: yaml`
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-privileged-containers, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-privileged-containers, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-namespaces, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-host-namespaces, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-ports, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-host-ports, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-host-path, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: audit
          rules: [{name: disallow-host-path, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: disallow-capabilities, annotations: {policies.kyverno.io/category: Pod Security Standards (Baseline)}}
        spec:
          validationFailureAction: Enforce
          rules: [{name: disallow-capabilities, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {spec: {}}}}]
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}`,
      findings: [{ messageId: 'missing', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', line: 38, column: 1 }],
    },
    {
      name: 'Gatekeeper constraints that only audit (dryrun), or that leave the namespace out',
      manifest: yaml`
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPPrivilegedContainer
        metadata: {name: psp-privilegedcontainer}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostNamespace
        metadata: {name: psp-hostnamespace}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostNetworkingPorts
        metadata: {name: psp-hostnetworkingports}
        spec: {match: {kinds: [{apiGroups: [''], kinds: [Pod]}], excludedNamespaces: [kube-system]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPHostFilesystem
        metadata: {name: psp-hostfilesystem}
        spec: {enforcementAction: dryrun, match: {kinds: [{apiGroups: [''], kinds: [Pod]}]}}
        ---
        apiVersion: constraints.gatekeeper.sh/v1beta1
        kind: K8sPSPCapabilities
        metadata: {name: psp-capabilities}
        spec: {match: {excludedNamespaces: [kube-system, batch]}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: batch}`,
      findings: [{ messageId: 'missing', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', line: 28, column: 1 }],
    },
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
