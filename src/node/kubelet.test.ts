import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '../core/resource.js';
import { ResourceIndex } from '../engine/resource-index.js';
import { nodeConfiguration } from './configuration.js';
import { NODE_READS } from './kinds.js';
import type { Kubelet } from './kubelet.js';
import { environmentFileResource, nodeFileResources, nodeScanResource, systemdUnitResource, type SearchedPath } from './resources.js';

/** Resources as a node scan makes them: units, flag files and configs at their node paths. */
function kubelets(files: Record<string, string>, missing: readonly string[] = []): readonly Kubelet[] {
  const resources: Resource[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('.service') || path.includes('.service.d/')) resources.push(systemdUnitResource(path, text, 'kubelet.service'));
    else if (path.endsWith('.env') || path.startsWith('/etc/default/')) resources.push(environmentFileResource(path, text));
    else resources.push(...nodeFileResources({ path, format: 'kubernetes', text, roles: [] }).resources);
  }
  const searched: SearchedPath[] = missing.map((path) => ({ path, status: 'missing', roles: [] }));
  resources.push(nodeScanResource('/', 'kubeadm', searched));
  return nodeConfiguration(new ResourceIndex(resources, new Set(NODE_READS))).kubelets;
}

const config = (body: string): string => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`;

describe('kubelet settings', () => {
  it('flags win over the config file, the config over its defaults', () => {
    const [kubelet] = kubelets({
      '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --read-only-port=10255\n',
      '/var/lib/kubelet/config.yaml': config('readOnlyPort: 0\nauthentication:\n  anonymous:\n    enabled: true\n'),
    });
    const port = kubelet?.setting('readOnlyPort');
    assert.ok(port?.known && port.from === 'flag');
    assert.equal(port.value, 10255);
    const anonymous = kubelet?.setting('anonymousAuth');
    assert.ok(anonymous?.known && anonymous.from === 'config' && anonymous.value === true);
    const authorization = kubelet?.setting('authorizationMode');
    assert.ok(authorization?.known && authorization.from === 'default');
    assert.equal(authorization.value, 'Webhook');
    assert.equal(authorization.which, 'the KubeletConfiguration default');
  });

  it('without --config, the flag defaults apply (anonymous, AlwaysAllow, read-only port 10255)', () => {
    const [kubelet] = kubelets({ '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf\n' });
    const values = (['anonymousAuth', 'authorizationMode', 'readOnlyPort', 'webhookAuthentication'] as const).map((name) => {
      const setting = kubelet?.setting(name);
      return setting?.known ? setting.value : setting?.reason;
    });
    assert.deepEqual(values, [true, 'AlwaysAllow', 10255, false]);
  });

  it('expands $VAR to words and ${VAR} in place; EnvironmentFile= overrides Environment=; an empty ExecStart= resets', () => {
    const [kubelet] = kubelets({
      '/usr/lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --old\n',
      '/etc/systemd/system/kubelet.service.d/20-site.conf':
        '[Service]\nEnvironment="ARGS=--v=1" "PORT=10255"\nEnvironmentFile=/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $ARGS --read-only-port=${PORT}\n',
      '/etc/default/kubelet': 'ARGS="--v=3 --seccomp-default"\n',
    });
    assert.deepEqual(kubelet?.flags.flags.map((f) => `${f.name}=${f.value} ${f.at.resource.ref.name}`), [
      'v=3 /etc/default/kubelet',
      'seccomp-default=true /etc/default/kubelet',
      'read-only-port=10255 /etc/systemd/system/kubelet.service.d/20-site.conf',
    ]);
  });

  it('merges --config-dir drop-ins over --config in file-name order', () => {
    const [kubelet] = kubelets({
      '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --config=/etc/kubelet/config.yaml --config-dir=/etc/kubelet/conf.d\n',
      '/etc/kubelet/config.yaml': config('podPidsLimit: 100\nseccompDefault: false\n'),
      '/etc/kubelet/conf.d/20-b.conf': config('podPidsLimit: 300\n'),
      '/etc/kubelet/conf.d/10-a.conf': config('podPidsLimit: 200\nseccompDefault: true\n'),
    });
    const pids = kubelet?.setting('podPidsLimit');
    assert.ok(pids?.known && pids.from === 'config');
    assert.deepEqual([pids.value, pids.at.resource.ref.name], [300, '/etc/kubelet/conf.d/20-b.conf']);
    const seccomp = kubelet?.setting('seccompDefault');
    assert.ok(seccomp?.known && seccomp.value === true);
  });

  it('cannot tell a setting when --config names a file the scan did not find, or the command line is incomplete', () => {
    const [missingConfig] = kubelets(
      { '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n' },
      ['/var/lib/kubelet/config.yaml'],
    );
    const setting = missingConfig?.setting('anonymousAuth');
    assert.ok(setting && !setting.known);
    assert.match(setting.reason, /does not exist/);
    // A flag file the unit reads that is not on the node and not known to be missing: --config may be in it.
    const resources = [systemdUnitResource('/x/kubelet.service', '[Service]\nEnvironmentFile=/etc/kubelet.env\nExecStart=/usr/bin/kubelet $ARGS\n', 'kubelet.service')];
    const [partial] = nodeConfiguration(new ResourceIndex(resources, new Set(NODE_READS))).kubelets;
    const unknown = partial?.setting('readOnlyPort');
    assert.ok(unknown && !unknown.known);
    assert.match(unknown.reason, /command line is not complete/);
  });
});
