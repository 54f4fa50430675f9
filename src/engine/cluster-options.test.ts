import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { parseManifests } from '../parse/manifests.js';
import { defaultSettings } from './default-settings.js';
import { scan, Scanner, type ScanOptions } from './scan.js';

const manifests = `apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec: {containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.32.4}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27, securityContext: {privileged: true}}]}
`;
const resources = parseManifests({ path: 'cluster.yaml', text: manifests }).resources;
const base: ScanOptions = { controls: builtinControls, settings: defaultSettings, failOn: 'high' };
const control = (report: ReturnType<typeof scan>, id: string) => report.controls.find((c) => c.id === id);

test('an unreadable kind makes exactly the controls that need it not evaluated, naming why', () => {
  const report = scan(resources, { ...base, unreadableKinds: new Map([['/Secret', { reason: 'list secrets (core) at cluster scope: forbidden' }]]) });
  const unread = report.controls.filter((c) => c.reason?.includes('list secrets'));
  assert.deepEqual(unread.map((c) => c.id), ['NSA-SEC-007']);
  assert.equal(control(report, 'NSA-POD-006')?.status, 'failed');
});

test('an unreadable workload kind leaves every pod control unproven, and keeps what was found', () => {
  const scanner = new Scanner(resources, base);
  for (const resource of resources) scanner.add(resource);
  scanner.markUnreadable('batch/CronJob', { reason: 'list cronjobs.batch at cluster scope: forbidden', workload: true });
  const report = scanner.finish();
  assert.equal(control(report, 'NSA-POD-006')?.status, 'not-evaluated');
  assert.match(control(report, 'NSA-POD-006')?.reason ?? '', /cronjobs\.batch/);
  assert.ok(report.findings.some((f) => f.controlId === 'NSA-POD-006'));
  assert.notEqual(control(report, 'NSA-AUTH-013')?.status === 'not-evaluated' && control(report, 'NSA-AUTH-013')?.reason?.includes('cronjobs'), true);
});

test('an unreadable kind limited to some controls spares the others that read it', () => {
  const report = scan(resources, {
    ...base,
    unreadableKinds: new Map([['kubelet.config.k8s.io/KubeletConfiguration', { reason: 'get nodes/proxy: forbidden', controls: new Set(['NSA-AUTH-008']) }]]),
  });
  assert.deepEqual(report.controls.filter((c) => c.reason?.includes('nodes/proxy')).map((c) => c.id), ['NSA-AUTH-008']);
});

test('listed kinds make absence evidence: no NetworkPolicy listed means namespaces without one fail', () => {
  const files = scan(resources, base);
  assert.equal(control(files, 'NSA-NET-004')?.status, 'not-evaluated');
  const listed = new Set(['networking.k8s.io/NetworkPolicy', 'cilium.io/CiliumNetworkPolicy', 'cilium.io/CiliumClusterwideNetworkPolicy', '/LimitRange']);
  const live = scan(resources, { ...base, listedKinds: listed });
  assert.equal(control(live, 'NSA-NET-004')?.status, 'failed');
  assert.ok(live.findings.some((f) => f.controlId === 'NSA-NET-004' && f.resource.name === 'shop'));
  assert.equal(control(live, 'NSA-NET-010')?.status, 'failed');
  assert.equal(control(live, 'NSA-NET-011')?.status, 'not-evaluated', 'ResourceQuota was not listed');
});

test('the cluster scope decides whole-cluster controls, and a restricted scan says why it is not whole', () => {
  const guessed = scan(resources, base);
  assert.notEqual(control(guessed, 'NSA-LOG-010')?.status, 'not-evaluated');
  const restricted = scan(resources, { ...base, clusterScope: { whole: false, reason: 'the cluster scan was restricted (-n shop)' } });
  assert.equal(control(restricted, 'NSA-LOG-010')?.status, 'not-evaluated');
  assert.match(control(restricted, 'NSA-LOG-010')?.reason ?? '', /restricted \(-n shop\)/);
  const appOnly = resources.filter((r) => r.ref.namespace !== 'kube-system' && r.ref.name !== 'kube-system');
  assert.equal(control(scan(appOnly, base), 'NSA-LOG-010')?.status, 'not-evaluated');
  assert.equal(control(scan(appOnly, { ...base, clusterScope: { whole: true } }), 'NSA-LOG-010')?.status, 'failed');
});

test('a control that cannot judge live objects is not evaluated in a cluster scan only', () => {
  assert.notEqual(control(scan(resources, base), 'NSA-UPG-004')?.status, 'not-evaluated');
  const live = scan(resources, { ...base, listedKinds: new Set() });
  assert.equal(control(live, 'NSA-UPG-004')?.status, 'not-evaluated');
  assert.match(control(live, 'NSA-UPG-004')?.reason ?? '', /live cluster/);
});
