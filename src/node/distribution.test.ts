import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '../core/resource.js';
import { ResourceIndex } from '../engine/resource-index.js';
import { componentsOf, nodeConfiguration } from './configuration.js';
import { NODE_READS } from './kinds.js';
import { distributionConfigResource, recognizeNodeFile, systemdUnitResource } from './resources.js';

function configuration(files: Record<string, string>): ReturnType<typeof nodeConfiguration> {
  const resources: Resource[] = Object.entries(files).map(([path, text]) => {
    if (path.endsWith('.service')) return systemdUnitResource(path, text, path.slice(path.lastIndexOf('/') + 1));
    const made = distributionConfigResource(path, text, path.includes('rke2') ? 'rke2' : 'k3s');
    if ('error' in made) throw new Error(made.error.message);
    return made;
  });
  return nodeConfiguration(new ResourceIndex(resources, new Set(NODE_READS)));
}

describe('k3s and RKE2 configuration', () => {
  it('is recognised in a normal scan by its keys, and manifests are not', () => {
    assert.equal(recognizeNodeFile('config.yaml', 'secrets-encryption: true\nwrite-kubeconfig-mode: "0600"\n'), 'distribution-config');
    assert.equal(recognizeNodeFile('rke2.yaml', 'kubelet-arg+:\n  - pod-max-pids=100\n'), 'distribution-config');
    assert.equal(recognizeNodeFile('config.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n'), undefined);
    assert.equal(recognizeNodeFile('values.yaml', 'replicas: 3\n'), undefined);
    assert.equal(recognizeNodeFile('10-kubeadm.conf', '[Service]\nExecStart=\n'), 'systemd-unit');
    assert.equal(recognizeNodeFile('kubelet', 'KUBELET_EXTRA_ARGS=--v=2\n'), 'environment');
  });

  it('merges config.yaml.d drop-ins (replace, or append with key+) and lets the unit\'s arguments win', () => {
    const c = configuration({
      '/etc/rancher/k3s/config.yaml': 'kube-apiserver-arg: [anonymous-auth=true, profiling=true]\nkubelet-arg: [read-only-port=10255]\n',
      '/etc/rancher/k3s/config.yaml.d/50-a.yaml': 'kube-apiserver-arg+: ["--tls-min-version=VersionTLS13"]\nkubelet-arg: [read-only-port=0]\n',
      '/etc/systemd/system/k3s.service': "[Service]\nExecStart=/usr/local/bin/k3s server '--kube-apiserver-arg=anonymous-auth=false'\n",
    });
    const [apiServer] = componentsOf(c, 'kube-apiserver');
    assert.equal(apiServer?.flags.get('anonymous-auth')?.value, 'false');
    assert.equal(apiServer?.flags.get('anonymous-auth')?.at.resource.ref.name, '/etc/systemd/system/k3s.service');
    assert.equal(apiServer?.flags.get('tls-min-version')?.value, 'VersionTLS13');
    assert.equal(apiServer?.flags.get('profiling')?.value, 'true');
    const port = c.kubelets[0]?.setting('readOnlyPort');
    assert.ok(port?.known && port.from === 'flag' && port.value === 0);
    assert.deepEqual(port.at.path, ['kubelet-arg', 0]);
    assert.equal(port.at.resource.ref.name, '/etc/rancher/k3s/config.yaml.d/50-a.yaml');
  });

  it('passes k3s\' own defaults underneath, located where a flag would override them', () => {
    const c = configuration({ '/etc/rancher/k3s/config.yaml': 'cluster-init: true\n' });
    const [apiServer] = componentsOf(c, 'kube-apiserver');
    const anonymous = apiServer?.flags.get('anonymous-auth');
    assert.deepEqual([anonymous?.value, anonymous?.implicit, anonymous?.at.path], ['false', 'k3s default', []]);
    assert.equal(apiServer?.flags.get('etcd-servers')?.value, 'https://127.0.0.1:2379');
    assert.equal(componentsOf(c, 'etcd').length, 1, 'cluster-init runs embedded etcd');
    const authorization = c.kubelets[0]?.setting('authorizationMode');
    assert.ok(authorization?.known && authorization.from === 'default' && authorization.which === 'the k3s default' && authorization.value === 'Webhook');
  });

  it('an agent runs no control plane; RKE2 control planes come from their static pods', () => {
    assert.equal(configuration({ '/etc/systemd/system/k3s-agent.service': '[Service]\nExecStart=/usr/local/bin/k3s agent --server https://10.0.0.1:6443\n' }).components.length, 0);
    assert.equal(configuration({ '/etc/rancher/rke2/config.yaml': 'kube-apiserver-arg: [anonymous-auth=true]\n' }).components.length, 0);
  });
});
