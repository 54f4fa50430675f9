import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifests } from '../parse/manifests.js';
import { ResourceIndex } from './resource-index.js';

const account = (automount: boolean) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\nautomountServiceAccountToken: ${automount}\n`;

test('lookups prefer the same-named resource nearest to the asking one (same file, then same folder)', () => {
  const resources = [
    ...parseManifests({ path: 'insecure/sa.yaml', text: account(true) }).resources,
    ...parseManifests({ path: 'hardened/sa.yaml', text: account(false) }).resources,
    ...parseManifests({ path: 'hardened/app.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: []}\n' }).resources,
    ...parseManifests({ path: 'insecure/app.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: []}\n' }).resources,
  ];
  const index = new ResourceIndex(resources, new Set(['/ServiceAccount']));
  const [, , hardenedPod, insecurePod] = resources;
  assert.equal(index.get('/ServiceAccount', 'shop', 'api', hardenedPod)?.origin.type === 'file' && index.get('/ServiceAccount', 'shop', 'api', hardenedPod)?.source?.document.file, 'hardened/sa.yaml');
  assert.equal(index.get('/ServiceAccount', 'shop', 'api', insecurePod)?.source?.document.file, 'insecure/sa.yaml');
  assert.equal(index.get('/ServiceAccount', 'shop', 'nope', insecurePod), undefined);
  assert.equal(index.inNamespace('/ServiceAccount', 'shop').length, 2);
  assert.equal(index.inNamespace('/ServiceAccount', 'default').length, 0);
});

test('a namespaced resource that names no namespace is found in default, as kubectl apply would put it', () => {
  const resources = parseManifests({
    path: 'a.yaml',
    text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: default}\n',
  }).resources;
  const index = new ResourceIndex(resources, new Set(['/ServiceAccount']));
  assert.deepEqual(index.inNamespace('/ServiceAccount', undefined).map((r) => r.ref.name), ['api', 'web']);
  assert.deepEqual(index.inNamespace('/ServiceAccount', 'default').map((r) => r.ref.name), ['api', 'web']);
  assert.equal(index.get('/ServiceAccount', 'default', 'api')?.ref.name, 'api');
  assert.equal(index.get('/ServiceAccount', undefined, 'web')?.ref.name, 'web');
});

test('asking the index for a kind no control declared is a programming error, not an empty answer', () => {
  const index = new ResourceIndex([], new Set(['/ServiceAccount']));
  assert.deepEqual(index.list('/ServiceAccount'), []);
  assert.throws(() => index.list('/Namespace'), /declare it in the control's reads/);
});

test('a kind read through readsOnly filters keeps only what some control wants; a kind read whole stays whole', async () => {
  const { indexFilters } = await import('./scan.js');
  const { builtinControls } = await import('../controls/index.js');
  const pods = parseManifests({
    path: 'pods.yaml',
    text: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: app, image: nginx:1.27}]}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: kube-apiserver-cp1, namespace: kube-system}\nspec: {containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.34.1, command: [kube-apiserver, --anonymous-auth=false]}]}\n',
    ].join('---\n'),
  }).resources;
  const filters = indexFilters(builtinControls);
  const keepPod = filters.get('/Pod');
  assert.ok(keepPod, 'no control reads every Pod');
  assert.deepEqual(pods.filter(keepPod).map((p) => p.ref.name), ['kube-apiserver-cp1']);
  const index = new ResourceIndex(pods, new Set(['/Pod']), filters);
  assert.deepEqual(index.list('/Pod').map((p) => p.ref.name), ['kube-apiserver-cp1']);
  assert.equal(filters.has('/ServiceAccount'), false, 'ServiceAccounts are read whole');
});
