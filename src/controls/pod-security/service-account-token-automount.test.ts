import { testControl, yaml } from '../../testing/control-tester.js';
import control from './service-account-token-automount.js';

testControl(control, {
  valid: [
    {
      name: 'a mirror pod: the kubelet runs static pods with no ServiceAccount and no token',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver-cp-1
          namespace: kube-system
          annotations: {kubernetes.io/config.mirror: 7b0b4b5e, kubernetes.io/config.source: file}
        spec:
          nodeName: cp-1
          hostNetwork: true
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.34.1`,
    },
    {
      name: 'pod opts out',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop}
        spec:
          automountServiceAccountToken: false
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'the referenced ServiceAccount in the input opts out',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop}
        spec:
          serviceAccountName: api
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'allow-listed workload',
      settings: { tokenAllowList: ['shop/operator'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: operator, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'ServiceAccount opts out but the pod opts back in',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad, namespace: shop}
        spec:
          serviceAccountName: api
          automountServiceAccountToken: true
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'automounted', path: 'spec.automountServiceAccountToken', line: 11, column: 3 }],
    },
    {
      name: 'ServiceAccount of another namespace does not count',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: other}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad, namespace: shop}
        spec:
          serviceAccountName: api
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'automounted', path: 'spec.automountServiceAccountToken', line: 9 }],
    },
  ],
});
