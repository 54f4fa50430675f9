import { catalogFields } from '../../guidance/lookup.js';
import { flagListing, formatVersion, listValues } from '../../node/components.js';
import { parseMap, parseBool } from '../../node/flags.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

/** Pod Security Admission became beta, and on by default, in Kubernetes 1.23. */
const ON_BY_DEFAULT_MINOR = 23;

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-POD-028'),
    slug: 'pod-security-admission-enabled',
    rationale:
      'The PodSecurity admission plugin is what enforces the Pod Security Standards; with it disabled, namespace labels and cluster defaults are ignored and any pod is admitted. Before 1.23 it was not on by default, and a cluster had either it (1.22, behind a feature gate) or PodSecurityPolicy.',
    remediation: 'Remove PodSecurity from --disable-admission-plugins; on clusters older than 1.23, enable PodSecurityPolicy or the PodSecurity plugin, or upgrade.',
    messages: {
      disabled: 'kube-apiserver disables the PodSecurity admission plugin (--disable-admission-plugins).',
      noEnforcement: 'kube-apiserver on Kubernetes {{version}} enforces no pod security: neither PodSecurity nor PodSecurityPolicy is enabled.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --enable-admission-plugins=NodeRestriction]
`,
  },
  judge(apiServer, _configuration, { settings }) {
    const { flags } = apiServer;
    const disabling = flagListing(flags, 'disable-admission-plugins', 'PodSecurity');
    if (disabling) return [report(disabling.at, 'disabled')];
    const version = apiServer.version ?? settings.pssVersion;
    if (version.minor >= ON_BY_DEFAULT_MINOR) return [];
    const enabled = listValues(flags, 'enable-admission-plugins');
    const gates = parseMap(flags.get('feature-gates')?.value ?? '');
    const podSecurity = enabled.includes('PodSecurity') && (version.minor > 22 || parseBool(gates.get('PodSecurity') ?? '') === true);
    if (podSecurity || enabled.includes('PodSecurityPolicy')) return [];
    return [report(flags.get('enable-admission-plugins')?.at ?? apiServer.missingAt, 'noEnforcement', { version: formatVersion(version) })];
  },
});
