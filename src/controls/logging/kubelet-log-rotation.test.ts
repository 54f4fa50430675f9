import { kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-log-rotation.js';

testNodeControl(control, {
  valid: [
    { name: 'both set in the config', node: kubeadmKubelet(kubeletConfig('containerLogMaxSize: 50Mi\ncontainerLogMaxFiles: 3\n')) },
    { name: 'set by flags', node: kubeadmKubelet(kubeletConfig(), '--container-log-max-size=20Mi --container-log-max-files=4') },
  ],
  invalid: [
    {
      name: 'left at the defaults: for review',
      given: { 'config.yaml': kubeletConfig('containerLogMaxSize: 50Mi\n') },
      findings: [{ messageId: 'unset', file: 'config.yaml', status: 'warning', path: 'containerLogMaxFiles', message: /default applies: 5/ }],
    },
  ],
  notEvaluated: [{ name: 'the config file is missing', node: kubeadmKubelet(undefined), reason: /does not exist/ }],
});
