import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-AUTH-009'),
    slug: 'kubelet-client-certificate-auth',
    rationale:
      'The API server authenticates to the kubelet with a client certificate. Without a client CA the kubelet cannot verify it, so it cannot tell the API server from anyone else who reaches port 10250.',
    remediation: 'Set authentication.x509.clientCAFile (or --client-ca-file) to the cluster CA.',
    messages: {
      noClientCa: '{{kubelet}} has no client CA to verify client certificates: {{setting}}.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['clientCAFile']);
    if (!('clientCAFile' in settings)) return settings;
    const { clientCAFile } = settings;
    if (typeof clientCAFile.value === 'string' && clientCAFile.value.trim() !== '') return [];
    return [report(clientCAFile.at, 'noClientCa', { kubelet: kubelet.label, setting: shown(clientCAFile, 'clientCAFile') })];
  },
});
