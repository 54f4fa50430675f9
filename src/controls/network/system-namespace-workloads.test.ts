import { testControl, yaml } from '../../testing/control-tester.js';
import control from './system-namespace-workloads.js';

testControl(control, {
  valid: [
    {
      name: 'a workload in its own namespace',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: shop}
        spec:
          containers: [{name: app, image: registry.example.com/shop:1.4.2}]`,
    },
    {
      name: 'the default namespace is the user namespace the guidance names',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'CoreDNS in kube-system is an add-on, not a user workload',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns, namespace: kube-system}
        spec:
          containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]`,
    },
    {
      name: 'a mirror pod of a static control-plane pod',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver-cp1
          namespace: kube-system
          annotations: {kubernetes.io/config.mirror: 4b1e0f, kubernetes.io/config.source: file}
        spec:
          containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.34.1}]`,
    },
  ],
  invalid: [
    {
      name: 'an application in kube-system',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: kube-system}
        spec:
          containers: [{name: app, image: registry.example.com/shop:1.4.2}]`,
      findings: [{ messageId: 'userWorkload', path: 'metadata.namespace', resourceRoot: true, line: 3, column: 24 }],
    },
    {
      name: 'an application next to an add-on sidecar in kube-public',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: kube-public}
        spec:
          containers:
            - {name: app, image: registry.example.com/shop:1.4.2}
            - {name: proxy, image: registry.k8s.io/kube-proxy:v1.34.1}`,
      findings: [{ messageId: 'userWorkload', path: 'metadata.namespace', resourceRoot: true }],
    },
  ],
});
