import { flagOnlyKubelet, kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-serving-tls.js';

const config = '/var/lib/kubelet/config.yaml';

testNodeControl(control, {
  valid: [
    { name: 'serving certificate bootstrap and rotation', node: kubeadmKubelet(kubeletConfig('serverTLSBootstrap: true\nrotateCertificates: true\n')) },
    {
      name: 'its own serving certificate, TLS 1.2',
      given: { 'config.yaml': kubeletConfig('tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\ntlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\nrotateCertificates: true\ntlsMinVersion: VersionTLS12\n') },
    },
  ],
  invalid: [
    {
      name: 'kubeadm defaults: a self-signed serving certificate',
      node: kubeadmKubelet(kubeletConfig('rotateCertificates: true\nstaticPodPath: /etc/kubernetes/manifests\n')),
      findings: [{ messageId: 'selfSigned', file: config, line: 1, path: 'serverTLSBootstrap', message: /KubeletConfiguration default applies: false/ }],
    },
    {
      name: 'the flag in /etc/default/kubelet turns rotation off over the config file',
      node: kubeadmKubelet(kubeletConfig('serverTLSBootstrap: true\nrotateCertificates: true\ntlsMinVersion: VersionTLS11\n'), '--rotate-certificates=false'),
      findings: [
        { messageId: 'rotationOff', file: '/etc/default/kubelet', line: 1, column: 20, path: 'variables[0].words[0]', message: /--rotate-certificates=false \(\/etc\/default\/kubelet\)/ },
        { messageId: 'weakMinimum', file: config, line: 5, path: 'tlsMinVersion' },
      ],
    },
    {
      name: 'rotation left unset: for review',
      given: { 'config.yaml': kubeletConfig('serverTLSBootstrap: true\n') },
      findings: [{ messageId: 'rotationUnset', file: 'config.yaml', status: 'warning', path: 'rotateCertificates' }],
    },
    {
      name: 'no config file: the flag defaults, located at ExecStart',
      node: flagOnlyKubelet('--rotate-certificates'),
      findings: [{ messageId: 'selfSigned', file: '/etc/systemd/system/kubelet.service', line: 2, column: 1, path: 'directives[0]', message: /kubelet flag default/ }],
    },
  ],
  notEvaluated: [
    { name: '--config names a file that is not on the node', node: kubeadmKubelet(undefined), reason: /the kubelet config file \/var\/lib\/kubelet\/config\.yaml does not exist under/ },
    { name: 'no kubelet', given: { 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: a:1}]}\n' }, reason: /no kubelet configuration in the input/ },
  ],
});
