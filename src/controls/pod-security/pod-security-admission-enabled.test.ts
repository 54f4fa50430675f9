import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './pod-security-admission-enabled.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const v122 = 'registry.k8s.io/kube-apiserver:v1.22.17';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm 1.30: on by default', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } },
    { name: '1.22 with PodSecurityPolicy', given: { 'apiserver.yaml': apiServerPod(['--enable-admission-plugins=NodeRestriction,PodSecurityPolicy'], { image: v122 }) } },
    { name: '1.22 with PodSecurity behind its feature gate', given: { 'apiserver.yaml': apiServerPod(['--feature-gates=PodSecurity=true', '--enable-admission-plugins=PodSecurity'], { image: v122 }) } },
  ],
  invalid: [
    {
      name: 'disabled',
      node: { [apiServer]: apiServerPod(['--enable-admission-plugins=NodeRestriction', '--disable-admission-plugins=DefaultStorageClass,PodSecurity']) },
      findings: [{ messageId: 'disabled', file: apiServer, line: 13, path: 'spec.containers[0].command[2]' }],
    },
    {
      name: '1.22 with neither',
      given: { 'apiserver.yaml': apiServerPod(['--enable-admission-plugins=NodeRestriction'], { image: v122 }) },
      findings: [{ messageId: 'noEnforcement', file: 'apiserver.yaml', line: 12, message: /v1\.22/ }],
    },
  ],
  notEvaluated: [{ name: 'no API server', node: {}, reason: /no kube-apiserver runs on this node/ }],
});
