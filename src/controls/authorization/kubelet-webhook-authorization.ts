import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-AUTH-010'),
    slug: 'kubelet-webhook-authorization',
    rationale:
      'In AlwaysAllow mode the kubelet serves every authenticated (and, with anonymous auth, every) request, including exec into any container of the node. Webhook mode asks the API server (SubjectAccessReview), so RBAC decides. The command-line default is AlwaysAllow: a kubelet without a config file allows everything. Webhook authentication lets the kubelet check bearer tokens with the API server.',
    remediation: 'Set authorization.mode: Webhook and authentication.webhook.enabled: true in the KubeletConfiguration, and remove --authorization-mode=AlwaysAllow.',
    messages: {
      alwaysAllow: '{{kubelet}} authorizes every request: {{setting}}.',
      webhookAuthenticationOff: '{{kubelet}} does not check bearer tokens with the API server: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  webhook: {enabled: true}
authorization:
  mode: Webhook
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['authorizationMode', 'webhookAuthentication']);
    if (!('authorizationMode' in settings)) return settings;
    const { authorizationMode, webhookAuthentication } = settings;
    const reports = [];
    const data = { kubelet: kubelet.label };
    if (authorizationMode.value === 'AlwaysAllow') reports.push(report(authorizationMode.at, 'alwaysAllow', { ...data, setting: shown(authorizationMode, 'authorizationMode') }));
    if (webhookAuthentication.value === false) {
      reports.push(report(webhookAuthentication.at, 'webhookAuthenticationOff', { ...data, setting: shown(webhookAuthentication, 'webhookAuthentication') }));
    }
    return reports;
  },
});
