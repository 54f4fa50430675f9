import { testControl, yaml } from '../../testing/control-tester.js';
import control from './runtime-threat-detection.js';

const kubeSystem = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: kube-proxy-x2, namespace: kube-system}
  spec: {containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.34.1}]}`;

const daemonSet = (image: string) => yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: agent, namespace: security}
  spec:
    template:
      spec:
        containers: [{name: agent, image: "${image}"}]`;

testControl(control, {
  valid: [
    { name: 'Falco', manifest: `${kubeSystem}---\n${daemonSet('docker.io/falcosecurity/falco:0.39.2')}` },
    { name: 'Tetragon', manifest: `${kubeSystem}---\n${daemonSet('quay.io/cilium/tetragon:v1.2.0')}` },
    { name: 'a KubeArmor mirror pinned by digest', manifest: `${kubeSystem}---\n${daemonSet('mirror.example.com/kubearmor/kubearmor@sha256:' + 'a'.repeat(64))}` },
  ],
  invalid: [
    {
      name: 'only a log shipper, no runtime detection',
      manifest: `${kubeSystem}---\n${daemonSet('cr.fluentbit.io/fluent/fluent-bit:3.2.4')}`,
      findings: [{ messageId: 'noDetection', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'Falco deployed as a Deployment is not on every node',
      manifest: `${kubeSystem}---\n${yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: falco, namespace: security}
        spec:
          template:
            spec:
              containers: [{name: falco, image: docker.io/falcosecurity/falco:0.39.2}]`}`,
      findings: [{ messageId: 'noDetection', path: '', kind: 'Cluster', located: false }],
    },
  ],
});
