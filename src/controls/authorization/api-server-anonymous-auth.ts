import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { referencedFile } from '../../node/configuration.js';
import { parseBool } from '../../node/flags.js';
import { AUTHENTICATION_CONFIGURATION } from '../../node/kinds.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

/** Health endpoints that may stay anonymous (load balancers probe them). */
const healthPaths = new Set(['/livez', '/readyz', '/healthz']);

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-001'),
    slug: 'api-server-anonymous-auth',
    rationale:
      'With anonymous authentication on (the default), every request without credentials reaches the authorizers as system:anonymous, and one careless RBAC binding exposes the cluster to anyone who can reach the API. The guidance asks for --anonymous-auth=false; an AuthenticationConfiguration may keep anonymous access for health checks only.',
    remediation: 'Set --anonymous-auth=false, or, with --authentication-config, anonymous.enabled: false (or conditions limited to /livez, /readyz and /healthz).',
    messages: {
      anonymousEnabled: 'kube-apiserver accepts anonymous requests: {{setting}}.',
      anonymousBeyondHealth: 'kube-apiserver accepts anonymous requests beyond the health endpoints: {{setting}} in the AuthenticationConfiguration.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --anonymous-auth=false]
`,
  },
  judge(apiServer, configuration) {
    const flag = apiServer.flags.get('anonymous-auth');
    if (flag && parseBool(flag.value) === false) return [];
    const configFlag = apiServer.flags.nonEmpty('authentication-config');
    if (configFlag) {
      const found = referencedFile(configuration, apiServer, configFlag, [AUTHENTICATION_CONFIGURATION], 'the authentication configuration');
      if (!found.resource) return new NotJudged(found.reason);
      const anonymous = asRecord(found.resource.object['anonymous']);
      if (anonymous) {
        if (anonymous['enabled'] !== true) return [];
        const conditions = asArray(anonymous['conditions']);
        const paths = conditions.map((c) => asString(asRecord(c)?.['path']) ?? '');
        if (conditions.length > 0 && paths.every((p) => healthPaths.has(p))) return [];
        const setting = conditions.length === 0 ? 'anonymous.enabled: true with no conditions' : `anonymous conditions ${paths.join(', ')}`;
        return [report({ resource: found.resource, path: conditions.length === 0 ? ['anonymous', 'enabled'] : ['anonymous', 'conditions'] }, 'anonymousBeyondHealth', { setting })];
      }
    }
    if (flag) return [report(flag.at, 'anonymousEnabled', { setting: `--anonymous-auth=${flag.value}` })];
    return [report(apiServer.missingAt, 'anonymousEnabled', { setting: '--anonymous-auth is unset (the default is true)' })];
  },
});
