import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-POD-035'),
    slug: 'kubelet-seccomp-default',
    rationale:
      'The guidance notes that seccomp is disabled by default: a container that does not ask for a profile runs Unconfined, with every system call of the kernel available. seccompDefault makes the kubelet apply the runtime\'s default profile to those containers.',
    remediation: 'Set seccompDefault: true in the KubeletConfiguration (or --seccomp-default), after checking that workloads run under the RuntimeDefault profile.',
    messages: {
      seccompDefaultOff: '{{kubelet}} runs containers that set no seccomp profile as Unconfined: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
seccompDefault: true
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['seccompDefault']);
    if (!('seccompDefault' in settings)) return settings;
    const { seccompDefault } = settings;
    if (seccompDefault.value === true) return [];
    return [report(seccompDefault.at, 'seccompDefaultOff', { kubelet: kubelet.label, setting: shown(seccompDefault, 'seccompDefault') })];
  },
});
