import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-NET-016'),
    slug: 'kubelet-pid-reservation',
    rationale:
      'Per-pod limits do not add up to a guarantee: many pods together can still exhaust the node. Reserving PIDs for the system and the Kubernetes daemons (systemReserved or kubeReserved pid) keeps the kubelet and sshd able to start processes, and a pid.available eviction threshold evicts pods before the node runs out.',
    remediation: 'Set systemReserved.pid or kubeReserved.pid in the KubeletConfiguration (or --system-reserved=pid=N), and add pid.available to evictionHard.',
    messages: {
      noPidReservation: '{{kubelet}} reserves no PIDs for the system or the Kubernetes daemons (neither systemReserved.pid nor kubeReserved.pid is set).',
      noPidEviction: '{{kubelet}} has no pid.available eviction threshold (evictionHard: {{value}}).',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
systemReserved: {pid: "1000"}
kubeReserved: {pid: "1000"}
evictionHard: {memory.available: 100Mi, nodefs.available: 10%, imagefs.available: 15%, pid.available: 10%}
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['systemReserved', 'kubeReserved', 'evictionHard']);
    if (!('systemReserved' in settings)) return settings;
    const { systemReserved, kubeReserved, evictionHard } = settings;
    const reports = [];
    const data = { kubelet: kubelet.label };
    const hasPid = (value: unknown): boolean => typeof value === 'object' && value !== null && 'pid' in value;
    if (!hasPid(systemReserved.value) && !hasPid(kubeReserved.value)) reports.push(report(systemReserved.at, 'noPidReservation', data));
    const eviction = evictionHard.value;
    if (typeof eviction === 'object' && !('pid.available' in eviction)) {
      const value = Object.entries(eviction).map(([k, v]) => `${k}<${v}`).join(',') || 'empty';
      reports.push(report(evictionHard.at, 'noPidEviction', { ...data, value: evictionHard.from === 'default' ? `unset, the default ${value}` : value }, 'warning'));
    }
    return reports;
  },
});
