import { catalogFields } from '../../guidance/lookup.js';
import { kubeletSettingsOf, kubeletSubjects, nodeControl, report, shown } from '../node-support.js';

const weakVersions = new Set(['VersionTLS10', 'VersionTLS11']);

export default nodeControl({
  ...kubeletSubjects,
  meta: {
    ...catalogFields('NSA-CP-013'),
    slug: 'kubelet-serving-tls',
    rationale:
      'The kubelet API (port 10250) runs commands in containers. Without a serving certificate signed by the cluster (tlsCertFile, or serverTLSBootstrap so the kubelet requests one), it serves a self-signed certificate that the API server cannot verify. Without client certificate rotation its credentials expire or stay valid for a long time; TLS 1.0 and 1.1 are deprecated.',
    remediation: 'Set serverTLSBootstrap: true (and approve the serving CSRs) or tlsCertFile/tlsPrivateKeyFile, rotateCertificates: true, and tlsMinVersion: VersionTLS12.',
    messages: {
      selfSigned: '{{kubelet}} has neither a serving certificate (tlsCertFile and tlsPrivateKeyFile) nor serverTLSBootstrap ({{setting}}): it serves a self-signed certificate.',
      rotationOff: '{{kubelet}} does not rotate its client certificate: {{setting}}.',
      rotationUnset: '{{kubelet}} leaves rotateCertificates unset ({{setting}}): set it to true so that its client certificate is renewed.',
      weakMinimum: '{{kubelet}} accepts {{setting}}: TLS 1.0 and 1.1 are deprecated.',
    },
    example: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
serverTLSBootstrap: true
rotateCertificates: true
tlsMinVersion: VersionTLS12
`,
  },
  judge(kubelet) {
    const settings = kubeletSettingsOf(kubelet, ['tlsCertFile', 'tlsPrivateKeyFile', 'serverTLSBootstrap', 'rotateCertificates', 'tlsMinVersion']);
    if (!('tlsCertFile' in settings)) return settings;
    const { tlsCertFile, tlsPrivateKeyFile, serverTLSBootstrap, rotateCertificates, tlsMinVersion } = settings;
    const reports = [];
    const data = { kubelet: kubelet.label };
    const ownCertificate = tlsCertFile.value !== '' && tlsPrivateKeyFile.value !== '';
    if (!ownCertificate && serverTLSBootstrap.value !== true) {
      reports.push(report(serverTLSBootstrap.at, 'selfSigned', { ...data, setting: shown(serverTLSBootstrap, 'serverTLSBootstrap') }));
    }
    // rotateCertificates defaults to false: written false is a failure, left unset is for review.
    if (rotateCertificates.value !== true) {
      const unset = rotateCertificates.from === 'default';
      reports.push(report(rotateCertificates.at, unset ? 'rotationUnset' : 'rotationOff', { ...data, setting: shown(rotateCertificates, 'rotateCertificates') }, unset ? 'warning' : undefined));
    }
    if (typeof tlsMinVersion.value === 'string' && weakVersions.has(tlsMinVersion.value)) {
      reports.push(report(tlsMinVersion.at, 'weakMinimum', { ...data, setting: shown(tlsMinVersion, 'tlsMinVersion') }));
    }
    return reports;
  },
});
