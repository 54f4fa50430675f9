import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-user-authentication.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: x509 client certificates', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } },
    { name: 'OIDC', given: { 'apiserver.yaml': apiServerPod(['--oidc-issuer-url=https://login.example.com', '--oidc-client-id=kubernetes']) } },
    { name: 'a token webhook', given: { 'apiserver.yaml': apiServerPod(['--authentication-token-webhook-config-file=/etc/kubernetes/webhook.yaml']) } },
  ],
  invalid: [
    {
      name: 'only service account tokens and a static token file',
      node: { [apiServer]: apiServerPod(['--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--token-auth-file=/etc/tokens.csv', '--client-ca-file=']) },
      findings: [{ messageId: 'noAuthenticator', file: apiServer, line: 10, path: 'spec.containers[0].command' }],
    },
  ],
  notEvaluated: [{ name: 'no API server', given: { 'etcd.yaml': apiServerPod([]).replace(/kube-apiserver/g, 'etcd') }, reason: /no kube-apiserver in the input/ }],
});
