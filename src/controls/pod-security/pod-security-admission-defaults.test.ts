import { apiServerPod, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './pod-security-admission-defaults.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const admissionFile = '/etc/kubernetes/admission/admission.yaml';
const mount = { name: 'admission', mountPath: '/etc/kubernetes/admission', hostPath: '/etc/kubernetes/admission', readOnly: true };
const pod = apiServerPod([`--admission-control-config-file=${admissionFile}`], { mounts: [mount] });
const inline = (defaults: string, exemptions = '{}'): string => `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults: ${defaults}
    exemptions: ${exemptions}
`;

testNodeControl(control, {
  valid: [
    { name: 'baseline enforced by default, inline', node: { [apiServer]: pod, [admissionFile]: inline('{enforce: baseline, audit: restricted, warn: restricted}') } },
    {
      name: 'restricted, in a separate file named relative to the AdmissionConfiguration',
      node: {
        [apiServer]: pod,
        [admissionFile]: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  path: pod-security.yaml\n',
        '/etc/kubernetes/admission/pod-security.yaml': 'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults: {enforce: restricted}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'no admission configuration: privileged everywhere',
      node: { [apiServer]: apiServerPod(['--secure-port=6443']) },
      findings: [{ messageId: 'noAdmissionConfig', file: apiServer, line: 10, path: 'spec.containers[0].command' }],
    },
    {
      name: 'enforce privileged, with exemptions for review',
      node: { [apiServer]: pod, [admissionFile]: inline('{enforce: privileged, warn: restricted}', '{namespaces: [monitoring], usernames: [ci-bot]}') },
      findings: [
        { messageId: 'enforcePrivileged', file: admissionFile, line: 8, path: 'plugins[0].configuration.defaults.enforce' },
        { messageId: 'exemptions', file: admissionFile, status: 'warning', path: 'plugins[0].configuration.exemptions.namespaces', message: /monitoring/ },
        { messageId: 'exemptions', file: admissionFile, status: 'warning', path: 'plugins[0].configuration.exemptions.usernames', message: /ci-bot/ },
      ],
    },
    {
      name: 'an AdmissionConfiguration for other plugins only',
      given: { 'apiserver.yaml': pod, 'admission.yaml': 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: EventRateLimit\n  path: eventconfig.yaml\n' },
      findings: [{ messageId: 'noPodSecurityPlugin', file: 'admission.yaml', line: 3, path: 'plugins' }],
    },
    {
      name: 'defaults without enforce',
      given: { 'apiserver.yaml': pod, 'admission.yaml': inline('{warn: restricted}') },
      findings: [{ messageId: 'enforcePrivileged', file: 'admission.yaml', path: 'plugins[0].configuration.defaults', message: /unset/ }],
    },
  ],
  notEvaluated: [
    { name: 'the admission configuration is missing', node: { [apiServer]: pod }, reason: /admission\.yaml does not exist/ },
    {
      name: 'the PodSecurity configuration file is missing',
      node: { [apiServer]: pod, [admissionFile]: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  path: /etc/kubernetes/admission/psa.yaml\n' },
      reason: /the PodSecurity configuration \/etc\/kubernetes\/admission\/psa\.yaml does not exist/,
    },
  ],
});
