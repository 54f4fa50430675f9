import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultFixDefaults } from '../core/fix.js';
import { defaultSettings } from '../engine/default-settings.js';
import { yaml } from '../testing/control-tester.js';
import { fixFiles } from './run.js';

const fixable = new Set(builtinControls.filter((c) => c.meta.fixable).map((c) => c.meta.id as string));
const fixAll = { controls: builtinControls, only: fixable, settings: defaultSettings };
const only = (...ids: string[]) => ({ controls: builtinControls, only: new Set(ids), settings: defaultSettings });

const namespace = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: ingress
    labels: {app.kubernetes.io/name: ingress-nginx}`;

// ingress-nginx's controller as its static manifest ships it: a non-zero UID but no runAsNonRoot, which the
// NSA control accepts and the restricted Pod Security Standard does not.
const controller = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: controller, namespace: ingress}
  spec:
    selector: {matchLabels: {app: controller}}
    template:
      metadata: {labels: {app: controller}}
      spec:
        serviceAccountName: controller
        automountServiceAccountToken: true
        containers:
          - name: controller
            image: registry.k8s.io/ingress-nginx/controller:v1.5.2
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
              readOnlyRootFilesystem: true
              runAsUser: 101
              runAsGroup: 101
              seccompProfile: {type: RuntimeDefault}
            resources:
              requests: {cpu: 100m, memory: 90Mi}
              limits: {cpu: 500m, memory: 512Mi}`;

const join = (...docs: string[]): string => docs.join('\n---\n') + '\n';

describe('fixes held back by other objects of the input', () => {
  it('does not label a namespace to enforce a level one of its workloads does not reach: it suggests, naming the workload', () => {
    const result = fixFiles([{ path: 'deploy.yaml', text: join(namespace, controller) }], fixAll);
    const after = result.files[0]?.after ?? '';
    assert.doesNotMatch(after, /pod-security\.kubernetes\.io\/enforce/);
    const suggestion = result.suggestions.find((s) => s.finding.controlId === 'NSA-POD-026');
    assert.match(suggestion?.reason ?? '', /^Deployment\/ingress\/controller reaches only the baseline level \(runAsNonRoot\): enforcing restricted would reject its pods/);
    // The labels that only report (audit, warn) are still added.
    assert.match(after, /pod-security\.kubernetes\.io\/warn: restricted/);
  });

  it('labels the namespace once the same run has fixed its workloads, and at baseline when they reach baseline', () => {
    const fixedByRun = controller.replace('automountServiceAccountToken: true', 'automountServiceAccountToken: false').replace(/\n *runAsUser: 101/, '');
    assert.notEqual(fixedByRun, controller);
    const restricted = fixFiles([{ path: 'deploy.yaml', text: join(namespace, fixedByRun) }], fixAll);
    assert.match(restricted.files[0]?.after ?? '', /pod-security\.kubernetes\.io\/enforce: restricted/);
    assert.deepEqual(restricted.suggestions.map((s) => s.finding.controlId), []);
    assert.ok(restricted.passes >= 2, 'the label waits for the pass after the workload fixes');

    const baseline = fixFiles([{ path: 'deploy.yaml', text: join(namespace, controller) }], { ...only('NSA-POD-026'), settings: { ...defaultSettings, fixDefaults: { ...defaultFixDefaults, level: 'baseline' } } });
    assert.match(baseline.files[0]?.after ?? '', /pod-security\.kubernetes\.io\/enforce: baseline/);
  });

  it('with only the label to fix, a namespace whose workload is privileged keeps its findings as a suggestion', () => {
    const privileged = controller.replace('allowPrivilegeEscalation: false', 'privileged: true');
    const result = fixFiles([{ path: 'deploy.yaml', text: join(namespace, privileged) }], only('NSA-POD-026'));
    assert.deepEqual(result.files, []);
    assert.match(result.suggestions[0]?.reason ?? "", /reaches only the privileged level \(privileged, /);
  });

  describe('the token of a ServiceAccount the input binds to a role', () => {
    const account = yaml`
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: certgen, namespace: ingress}`;
    const job = yaml`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: admission-create, namespace: ingress}
      spec:
        template:
          spec:
            serviceAccountName: certgen
            restartPolicy: OnFailure
            containers: [{name: create, image: "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20220916"}]`;
    const roleBinding = yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: certgen, namespace: ingress}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: certgen}
      subjects: [{kind: ServiceAccount, name: certgen, namespace: ingress}]`;
    const clusterRoleBinding = yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: certgen}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: certgen}
      subjects: [{kind: User, name: "system:serviceaccount:ingress:certgen"}]`;

    for (const [name, binding] of [['RoleBinding', roleBinding], ['ClusterRoleBinding', clusterRoleBinding]] as const) {
      it(`is kept, on the pod and on the ServiceAccount, when a ${name} grants the account permissions`, () => {
        const result = fixFiles([{ path: 'deploy.yaml', text: join(account, job, binding) }], only('NSA-POD-023', 'NSA-POD-024'));
        assert.deepEqual(result.files, []);
        assert.deepEqual(result.suggestions.map((s) => s.finding.controlId).sort(), ['NSA-POD-023', 'NSA-POD-024']);
        for (const s of result.suggestions) assert.match(s.reason, new RegExp(`^the ServiceAccount "certgen" is bound to a role by ${name} "certgen"`));
      });
    }

    it('is turned off when no binding names the account (one of another namespace does not count)', () => {
      const elsewhere = roleBinding.replace('namespace: ingress}', 'namespace: other}').replace(', namespace: ingress}]', '}]');
      assert.notEqual(elsewhere, roleBinding);
      const result = fixFiles([{ path: 'deploy.yaml', text: join(account, job, elsewhere) }], only('NSA-POD-023', 'NSA-POD-024'));
      assert.deepEqual(result.suggestions, []);
      assert.equal(result.files[0]?.after.match(/automountServiceAccountToken: false/g)?.length, 2);
    });
  });
});
