import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-LOG-011'),
    slug: 'kubelet-log-rotation',
    rationale:
      'The kubelet rotates container logs by size and number of files. The defaults (10Mi, 5 files) may rotate logs away before the node\'s log forwarder ships them; setting them on purpose sizes rotation to the forwarder.',
    remediation: 'Set containerLogMaxSize and containerLogMaxFiles in the KubeletConfiguration to values that fit the log forwarder.',
    messages: {
      unset: '{{kubelet}} leaves {{field}} unset ({{setting}}): size it to the log forwarder.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
containerLogMaxSize: 50Mi
containerLogMaxFiles: 5
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['containerLogMaxSize', 'containerLogMaxFiles']);
    if (!('containerLogMaxSize' in settings)) return settings;
    return (['containerLogMaxSize', 'containerLogMaxFiles'] as const)
      .filter((name) => settings[name].from === 'default')
      .map((name) => report(settings[name].at, 'unset', { kubelet: kubelet.label, field: name, setting: shown(settings[name], name) }, 'warning'));
  },
});
