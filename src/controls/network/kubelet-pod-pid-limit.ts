import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-NET-015'),
    slug: 'kubelet-pod-pid-limit',
    rationale:
      'Process IDs are a node-wide resource. Without a per-pod limit, one pod (a fork bomb, a leak) can take every PID of the node and stop the kubelet and every other pod from starting processes.',
    remediation: 'Set podPidsLimit in the KubeletConfiguration (or --pod-max-pids) to a positive limit sized for the workloads, for example 4096.',
    messages: {
      noPidLimit: '{{kubelet}} puts no limit on the PIDs of a pod: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
podPidsLimit: 4096
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['podPidsLimit']);
    if (!('podPidsLimit' in settings)) return settings;
    const { podPidsLimit } = settings;
    if (typeof podPidsLimit.value === 'number' && podPidsLimit.value > 0) return [];
    return [report(podPidsLimit.at, 'noPidLimit', { kubelet: kubelet.label, setting: shown(podPidsLimit, 'podPidsLimit') })];
  },
});
