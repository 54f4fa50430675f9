import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { podSecurityConfigPaths } from '../../node/discovery.js';
import { ADMISSION_CONFIGURATION, LEGACY_ADMISSION_CONFIGURATION, POD_SECURITY_CONFIGURATION } from '../../node/kinds.js';
import { apiServerFile, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

const exemptionKinds = ['usernames', 'runtimeClasses', 'namespaces'] as const;

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-POD-027'),
    slug: 'pod-security-admission-defaults',
    rationale:
      'Pod Security Admission enforces the level a namespace is labelled with, and the cluster-wide default for every namespace without a label. Unless an AdmissionConfiguration sets that default, it is privileged: every unlabelled namespace admits privileged pods. Exemptions let named users, runtime classes or namespaces bypass the checks and deserve review.',
    remediation:
      'Point --admission-control-config-file at an AdmissionConfiguration whose PodSecurity plugin sets defaults.enforce: baseline (or restricted), with audit and warn at restricted, and keep exemptions to what needs them.',
    messages: {
      noAdmissionConfig: 'kube-apiserver has no --admission-control-config-file: Pod Security Admission enforces privileged in every namespace without a label.',
      noPodSecurityPlugin: 'The AdmissionConfiguration does not configure the PodSecurity plugin: its defaults stay privileged.',
      enforcePrivileged: 'Pod Security Admission enforces {{value}} by default (defaults.enforce), so unlabelled namespaces admit privileged pods.',
      exemptions: 'Pod Security Admission exempts {{kind}} {{values}}: review that they need it.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --admission-control-config-file=/etc/kubernetes/admission.yaml]
---
apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: PodSecurity
    configuration:
      apiVersion: pod-security.admission.config.k8s.io/v1
      kind: PodSecurityConfiguration
      defaults: {enforce: baseline, enforce-version: latest, audit: restricted, audit-version: latest, warn: restricted, warn-version: latest}
      exemptions: {usernames: [], runtimeClasses: [], namespaces: []}
`,
  },
  judge(apiServer, configuration) {
    if (!apiServer.flags.nonEmpty('admission-control-config-file')) return [report(apiServer.missingAt, 'noAdmissionConfig')];
    const admission = apiServerFile(apiServer, configuration, 'admission-control-config-file', [ADMISSION_CONFIGURATION, LEGACY_ADMISSION_CONFIGURATION], 'the admission configuration', '');
    if (admission instanceof NotJudged) return admission;
    const plugins = asArray(admission.resource.object['plugins']);
    const index = plugins.findIndex((p) => asString(asRecord(p)?.['name']) === 'PodSecurity');
    if (index === -1) return [report({ resource: admission.resource, path: ['plugins'] }, 'noPodSecurityPlugin')];
    const plugin = asRecord(plugins[index]) ?? {};
    let source: { resource: Resource; base: Path; object: Record<string, unknown> };
    const inline = asRecord(plugin['configuration']);
    if (inline) source = { resource: admission.resource, base: ['plugins', index, 'configuration'], object: inline };
    else {
      const [path] = podSecurityConfigPaths(admission.resource.object, admission.flag.value.trim());
      if (!path) return [report({ resource: admission.resource, path: ['plugins', index] }, 'noPodSecurityPlugin')];
      const hostPath = apiServer.hostPath(path).hostPath ?? (configuration.evidence.nodeScan ? undefined : path);
      if (!hostPath) return new NotJudged(`the PodSecurity configuration ${path} is not on a hostPath mount of the API server`);
      const found = configuration.evidence.find([POD_SECURITY_CONFIGURATION], hostPath, 'the PodSecurity configuration');
      if (!found.resource) return new NotJudged(found.reason);
      source = { resource: found.resource, base: [], object: found.resource.object };
    }
    const reports = [];
    const defaults = asRecord(source.object['defaults']);
    const enforce = asString(defaults?.['enforce']);
    if (!enforce || enforce === 'privileged') {
      const path = defaults ? [...source.base, 'defaults', ...(enforce ? ['enforce'] : [])] : source.base;
      reports.push(report({ resource: source.resource, path }, 'enforcePrivileged', { value: enforce ?? 'privileged (defaults.enforce is unset)' }));
    }
    const exemptions = asRecord(source.object['exemptions']);
    for (const kind of exemptionKinds) {
      const values = asArray(exemptions?.[kind]).map(String);
      if (values.length > 0) reports.push(report({ resource: source.resource, path: [...source.base, 'exemptions', kind] }, 'exemptions', { kind, values: values.join(', ') }, 'warning'));
    }
    return reports;
  },
});
