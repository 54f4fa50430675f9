import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-anonymous-auth.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const authnMount = { name: 'authn', mountPath: '/etc/kubernetes/authn', hostPath: '/etc/kubernetes/authn', readOnly: true };
const authnConfig = (anonymous: string): string => `apiVersion: apiserver.config.k8s.io/v1beta1
kind: AuthenticationConfiguration
${anonymous}`;
const withAuthnConfig = (anonymous: string): Record<string, string> => ({
  [apiServer]: apiServerPod(['--authentication-config=/etc/kubernetes/authn/config.yaml'], { mounts: [authnMount] }),
  '/etc/kubernetes/authn/config.yaml': authnConfig(anonymous),
});

testNodeControl(control, {
  valid: [
    { name: '--anonymous-auth=false', node: { [apiServer]: apiServerPod([...kubeadmApiServerFlags, '--anonymous-auth=false']) } },
    { name: 'AuthenticationConfiguration: anonymous for health checks only', node: withAuthnConfig('anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n') },
    { name: 'AuthenticationConfiguration: anonymous disabled', node: withAuthnConfig('anonymous:\n  enabled: false\n') },
  ],
  invalid: [
    {
      name: 'kubeadm defaults: unset, true by default',
      node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) },
      findings: [{ messageId: 'anonymousEnabled', file: apiServer, line: 10, path: 'spec.containers[0].command', message: /default is true/ }],
    },
    {
      name: 'explicitly true, the last flag wins',
      given: { 'kube-apiserver.yaml': apiServerPod(['--anonymous-auth=false', '--anonymous-auth=true']) },
      findings: [{ messageId: 'anonymousEnabled', file: 'kube-apiserver.yaml', line: 13, path: 'spec.containers[0].command[2]' }],
    },
    {
      name: 'AuthenticationConfiguration: anonymous on every path',
      node: withAuthnConfig('anonymous:\n  enabled: true\n'),
      findings: [{ messageId: 'anonymousBeyondHealth', file: '/etc/kubernetes/authn/config.yaml', line: 4, path: 'anonymous.enabled' }],
    },
    {
      name: 'AuthenticationConfiguration: anonymous beyond health checks',
      node: withAuthnConfig('anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /api\n'),
      findings: [{ messageId: 'anonymousBeyondHealth', file: '/etc/kubernetes/authn/config.yaml', line: 5, path: 'anonymous.conditions', message: /\/livez, \/api/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'the AuthenticationConfiguration is not on a mount of the API server',
      node: { [apiServer]: apiServerPod(['--authentication-config=/etc/kubernetes/authn/config.yaml']) },
      reason: /read from the image, not the host/,
    },
    { name: 'the AuthenticationConfiguration is not in the input', given: { 'apiserver.yaml': apiServerPod(['--authentication-config=/etc/kubernetes/authn/config.yaml']) }, reason: /not in the input/ },
  ],
});
