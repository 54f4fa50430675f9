import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Resource } from '../core/resource.js';
import { asString } from '../core/values.js';
import { ResourceIndex } from '../engine/resource-index.js';
import { nodeConfiguration } from '../node/configuration.js';
import { NODE_READS } from '../node/kinds.js';
import { kubeadmDropIn, kubeletConfig, kubeletUnit, staticPod } from '../testing/node-fixtures.js';
import { withNodeRoot } from '../testing/node-tester.js';
import { loadNode } from './node.js';

const configurationOf = (resources: readonly Resource[]): ReturnType<typeof nodeConfiguration> => nodeConfiguration(new ResourceIndex(resources, new Set(NODE_READS)));

describe('loadNode', () => {
  it('reads each systemd file once when /lib is /usr/lib, and lets /etc mask /usr/lib', async () => {
    await withNodeRoot(
      {
        '/usr/lib/systemd/system/kubelet.service': kubeletUnit,
        '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf': kubeadmDropIn,
        '/usr/lib/systemd/system/kubelet.service.d/20-extra.conf': '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--v=9"\n',
        '/etc/systemd/system/kubelet.service.d/20-extra.conf': '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--v=2"\n',
        '/lib': { symlink: 'usr/lib' },
        '/var/lib/kubelet/config.yaml': kubeletConfig(),
      },
      async (root) => {
        const node = await loadNode(root);
        const units = node.resources.filter((r) => r.ref.kind === 'SystemdUnit').map((r) => r.ref.name).sort();
        assert.deepEqual(units, ['/etc/systemd/system/kubelet.service.d/20-extra.conf', '/usr/lib/systemd/system/kubelet.service', '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf']);
        const [kubelet] = configurationOf(node.resources).kubelets;
        assert.deepEqual(kubelet?.flags.flags.filter((f) => f.name === 'config' || f.name === 'v').map((f) => `${f.name}=${f.value}`), ['config=/var/lib/kubelet/config.yaml', 'v=2']);
        const searched = new Map(node.searched.map((s) => [s.path, s.status]));
        assert.equal(searched.get('/var/lib/kubelet/kubeadm-flags.env'), 'missing');
        assert.equal(searched.get('/var/lib/kubelet/config.yaml'), 'found');
        assert.equal(searched.get('/etc/kubernetes/manifests'), 'missing');
      },
    );
  });

  it('follows the kubelet to its static pod folder and the API server to the files its flags name, through hostPath mounts', async () => {
    await withNodeRoot(
      {
        '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --config=/etc/kubelet.yaml\n',
        '/etc/kubelet.yaml': kubeletConfig('staticPodPath: /srv/pods\n'),
        '/srv/pods/apiserver.yaml': staticPod('kube-apiserver', ['--audit-policy-file=/policy/audit.yaml'], { mounts: [{ name: 'p', mountPath: '/policy', hostPath: '/etc/kubernetes/audit' }] }),
        '/srv/pods/etcd.manifest': staticPod('etcd', ['--client-cert-auth=true']),
        '/srv/pods/README.txt': 'not a manifest',
        '/etc/kubernetes/audit/audit.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]\n',
      },
      async (root) => {
        const node = await loadNode(root);
        const kinds = node.resources.filter((r) => r.ref.kind !== 'NodeFile').map((r) => `${r.ref.kind} ${r.origin.type === 'file' ? r.origin.file : ''}`).sort();
        assert.deepEqual(kinds, [
          'KubeletConfiguration /etc/kubelet.yaml',
          'NodeScan ',
          'Pod /srv/pods/apiserver.yaml',
          'Pod /srv/pods/etcd.manifest',
          'Policy /etc/kubernetes/audit/audit.yaml',
          'SystemdUnit /etc/systemd/system/kubelet.service',
        ]);
        const roles = node.searched.find((s) => s.path === '/etc/kubernetes/audit/audit.yaml')?.roles;
        assert.deepEqual(roles, ['audit-policy']);
        const record = node.resources.find((r) => r.ref.kind === 'NodeFile' && r.ref.name === '/etc/kubernetes/audit/audit.yaml');
        assert.equal(record?.object['mode'], 0o600);
      },
    );
  });

  it('never reads outside the root: an absolute symlink leads inside it, like chroot', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'kubeharden-outside-'));
    try {
      await writeFile(join(outside, 'admin.conf'), 'apiVersion: v1\nkind: Config\nusers: [{name: leaked, user: {token: outside}}]\n');
      await withNodeRoot({ '/etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\n' }, async (root) => {
        await symlink(join(outside, 'admin.conf'), join(root, 'etc/kubernetes/admin.conf'));
        await symlink('../../../../../../..' + join(outside, 'admin.conf'), join(root, 'etc/kubernetes/scheduler.conf'));
        const node = await loadNode(root);
        const read = node.resources.filter((r) => r.ref.kind === 'Config').map((r) => r.ref.name);
        assert.deepEqual(read, ['/etc/kubernetes/kubelet.conf']);
        assert.equal(node.searched.find((s) => s.path === '/etc/kubernetes/admin.conf')?.status, 'missing');
        assert.equal(node.searched.find((s) => s.path === '/etc/kubernetes/scheduler.conf')?.status, 'missing');
      });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('detects k3s and reads its config, drop-ins and the kubelet drop-in folder', async () => {
    await withNodeRoot(
      {
        '/etc/rancher/k3s/config.yaml': 'secrets-encryption: true\n',
        '/etc/rancher/k3s/config.yaml.d/10-a.yaml': 'kubelet-arg: [pod-max-pids=100]\n',
        '/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf': kubeletConfig('readOnlyPort: 0\n'),
        '/var/lib/rancher/k3s/server/cred/encryption-config.json': '{"apiVersion":"apiserver.config.k8s.io/v1","kind":"EncryptionConfiguration","resources":[]}',
      },
      async (root) => {
        const node = await loadNode(root);
        assert.equal(node.distribution, 'k3s');
        const kinds = node.resources.filter((r) => r.ref.kind !== 'NodeFile' && r.ref.kind !== 'NodeScan').map((r) => r.ref.kind).sort();
        assert.deepEqual(kinds, ['DistributionConfig', 'DistributionConfig', 'EncryptionConfiguration', 'KubeletConfiguration']);
        const scan = node.resources.find((r) => r.ref.kind === 'NodeScan');
        assert.equal(asString(scan?.object['distribution']), 'k3s');
      },
    );
  });
});
