import { catalogFields } from '../../guidance/lookup.js';
import { listValues } from '../../node/components.js';
import { apiServerAuthorizers, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-007'),
    slug: 'api-server-node-restriction',
    rationale:
      'Kubelets hold credentials on every node. The Node authorizer limits each kubelet to the objects of the pods scheduled on its node, and the NodeRestriction admission plugin stops it from changing other nodes or its own labels that steer workloads; without them, one compromised node can read the Secrets of the whole cluster.',
    remediation: 'Use --authorization-mode=Node,RBAC and add NodeRestriction to --enable-admission-plugins.',
    messages: {
      noNodeAuthorizer: 'kube-apiserver does not authorize kubelets with the Node authorizer: {{setting}}.',
      noNodeRestriction: 'kube-apiserver does not enable the NodeRestriction admission plugin: {{setting}}.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, "--authorization-mode=Node,RBAC", --enable-admission-plugins=NodeRestriction]
`,
  },
  judge(apiServer, configuration) {
    const result = apiServerAuthorizers(apiServer, configuration);
    if (result instanceof NotJudged) return result;
    const reports = [];
    if (!result.authorizers.some((a) => a.type === 'Node')) {
      const setting = result.defaulted ? '--authorization-mode is unset (the default is AlwaysAllow)' : `the authorizers are ${result.authorizers.map((a) => a.type).join(', ') || 'none'}`;
      reports.push(report(result.authorizers[0]?.at ?? apiServer.missingAt, 'noNodeAuthorizer', { setting }));
    }
    const enabled = apiServer.flags.get('enable-admission-plugins');
    const disabled = listValues(apiServer.flags, 'disable-admission-plugins').includes('NodeRestriction');
    if (!listValues(apiServer.flags, 'enable-admission-plugins').includes('NodeRestriction') || disabled) {
      const setting = disabled
        ? 'it is listed in --disable-admission-plugins'
        : enabled
          ? `--enable-admission-plugins=${enabled.value}`
          : '--enable-admission-plugins is unset, and NodeRestriction is not on by default';
      reports.push(report(disabled ? (apiServer.flags.get('disable-admission-plugins')?.at ?? apiServer.missingAt) : (enabled?.at ?? apiServer.missingAt), 'noNodeRestriction', { setting }));
    }
    return reports;
  },
});
