import { catalogFields } from '../../guidance/lookup.js';
import { formatVersion } from '../../node/components.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

/** The API server's --insecure-port flag was removed in Kubernetes 1.24. */
const REMOVED_IN_MINOR = 24;

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-CP-001'),
    slug: 'api-server-insecure-port',
    rationale:
      'The insecure port serves the whole API over plain HTTP with no authentication or authorization: anyone who reaches it controls the cluster. Before 1.24 it was on (port 8080) unless --insecure-port=0; the flag was removed in 1.24, where a manifest that still sets it is stale (and stops the API server from starting).',
    remediation: 'Set --insecure-port=0 and remove --insecure-bind-address (Kubernetes before 1.24); on 1.24 and later remove both flags, or upgrade.',
    messages: {
      insecurePortOpen: 'kube-apiserver serves the unauthenticated insecure port: {{setting}} on Kubernetes {{version}}.',
      insecureBindAddress: 'kube-apiserver sets --insecure-bind-address={{value}}: the insecure port listens there.',
      removedFlag: 'kube-apiserver sets --insecure-port, which Kubernetes {{version}} no longer has (removed in 1.24).',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command:
        - kube-apiserver
        - --secure-port=6443
`,
  },
  judge(apiServer, _configuration, { settings }) {
    const version = apiServer.version ?? settings.pssVersion;
    const data = { version: `${formatVersion(version)}${apiServer.version ? '' : ' (the target version: the image tag does not say)'}` };
    const port = apiServer.flags.get('insecure-port');
    const reports = [];
    if (version.minor >= REMOVED_IN_MINOR) {
      if (port) reports.push(report(port.at, 'removedFlag', data));
      return reports;
    }
    if (!port) reports.push(report(apiServer.missingAt, 'insecurePortOpen', { ...data, setting: '--insecure-port is unset (the default is 8080)' }));
    else if (port.value.trim() !== '0') reports.push(report(port.at, 'insecurePortOpen', { ...data, setting: `--insecure-port=${port.value}` }));
    const bind = apiServer.flags.get('insecure-bind-address');
    if (bind) reports.push(report(bind.at, 'insecureBindAddress', { value: bind.value }));
    return reports;
  },
});
