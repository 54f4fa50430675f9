import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-AUTH-008'),
    slug: 'kubelet-anonymous-auth',
    rationale:
      'With anonymous authentication on, any request to the kubelet API (port 10250) without credentials is served as system:anonymous; with a permissive authorizer that is remote code execution in every pod on the node. The command-line default is on: a kubelet started without a config file allows anonymous requests.',
    remediation: 'Set authentication.anonymous.enabled: false in the KubeletConfiguration (or --anonymous-auth=false), and remove any --anonymous-auth=true flag.',
    messages: {
      anonymousEnabled: '{{kubelet}} accepts anonymous requests: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['anonymousAuth']);
    if (!('anonymousAuth' in settings)) return settings;
    const { anonymousAuth } = settings;
    if (anonymousAuth.value !== true) return [];
    return [report(anonymousAuth.at, 'anonymousEnabled', { kubelet: kubelet.label, setting: shown(anonymousAuth, 'anonymousAuth') })];
  },
});
