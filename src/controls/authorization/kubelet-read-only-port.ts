import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-AUTH-011'),
    slug: 'kubelet-read-only-port',
    rationale:
      'The read-only port (10255 by default on the command line) serves pod specs, environment and metrics over plain HTTP with no authentication or authorization at all.',
    remediation: 'Set readOnlyPort: 0 in the KubeletConfiguration and remove any --read-only-port flag other than 0.',
    messages: {
      readOnlyPortOpen: '{{kubelet}} serves the unauthenticated read-only port: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['readOnlyPort']);
    if (!('readOnlyPort' in settings)) return settings;
    const { readOnlyPort } = settings;
    if (typeof readOnlyPort.value !== 'number' || readOnlyPort.value <= 0) return [];
    return [report(readOnlyPort.at, 'readOnlyPortOpen', { kubelet: kubelet.label, setting: shown(readOnlyPort, 'readOnlyPort') })];
  },
});
