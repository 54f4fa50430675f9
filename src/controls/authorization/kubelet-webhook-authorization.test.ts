import { flagOnlyKubelet, kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-webhook-authorization.js';

const config = '/var/lib/kubelet/config.yaml';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: Webhook', node: kubeadmKubelet(kubeletConfig('authorization:\n  mode: Webhook\n')) },
    { name: 'a config file that leaves both unset (Webhook, webhook authentication on)', given: { 'config.yaml': kubeletConfig() } },
  ],
  invalid: [
    {
      name: 'no config file: AlwaysAllow and no webhook authentication by default',
      node: flagOnlyKubelet('--anonymous-auth=false'),
      findings: [
        { messageId: 'alwaysAllow', file: '/etc/systemd/system/kubelet.service', line: 2, message: /flag default.*AlwaysAllow/ },
        { messageId: 'webhookAuthenticationOff', file: '/etc/systemd/system/kubelet.service', line: 2 },
      ],
    },
    {
      name: 'AlwaysAllow in the config, webhook authentication off',
      node: kubeadmKubelet(kubeletConfig('authentication:\n  webhook:\n    enabled: false\nauthorization:\n  mode: AlwaysAllow\n')),
      findings: [
        { messageId: 'alwaysAllow', file: config, line: 7, path: 'authorization.mode' },
        { messageId: 'webhookAuthenticationOff', file: config, line: 5, path: 'authentication.webhook.enabled' },
      ],
    },
    {
      name: 'an --authorization-mode flag overrides the config',
      node: kubeadmKubelet(kubeletConfig('authorization:\n  mode: Webhook\n'), '--authorization-mode=AlwaysAllow'),
      findings: [{ messageId: 'alwaysAllow', file: '/etc/default/kubelet', line: 1, column: 20 }],
    },
  ],
  notEvaluated: [{ name: 'no kubelet', given: { 'a.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n' }, reason: /no kubelet configuration in the input/ }],
});
