import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests } from '../parse/manifests.js';
import { podComponents, resolveMount, versionFromImage } from './components.js';

const pod = (containers: string): ReturnType<typeof podComponents> => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: kube-system}\nspec:\n  containers:\n${containers}`;
  const [resource] = parseManifests({ path: 'p.yaml', text }).resources;
  return resource ? podComponents(resource) : [];
};

describe('control-plane components of a Pod', () => {
  it('recognises the binary by the command, a hyperkube subcommand, or the container name when the command is only flags', () => {
    const components = pod(
      [
        '  - {name: a, image: x, command: [/usr/local/bin/kube-apiserver, --secure-port=6443]}',
        '  - {name: b, image: k8s.gcr.io/hyperkube:v1.18.20, command: [/hyperkube, scheduler, --port=0]}',
        '  - {name: kube-controller-manager, image: x, args: [--bind-address=127.0.0.1]}',
        '  - {name: sidecar, image: registry.k8s.io/etcd:3.5.12-0, command: [/bin/sh, -c, "etcd --x"]}',
        '  - {name: etcd-by-image, image: "registry.k8s.io/etcd:3.5.12-0", args: [--name=e]}',
      ].join('\n') + '\n',
    );
    assert.deepEqual(
      components.map((c) => [c.kind, c.pod?.containerPath[2], c.flags.flags.map((f) => `${f.name}@${f.at.path.slice(3).join('.')}`), c.missingAt.path.slice(3).join('.'), c.version?.minor]),
      [
        ['kube-apiserver', 0, ['secure-port@command.1'], 'command', undefined],
        ['kube-scheduler', 1, ['port@command.2'], 'command', 18],
        ['kube-controller-manager', 2, ['bind-address@args.0'], 'args', undefined],
        ['etcd', 4, ['name@args.0'], 'args', undefined],
      ],
    );
  });

  it('recognises the binary a log runner starts (kops, bootkube), after the runner\'s own flags', () => {
    const components = pod(
      [
        // kops: the runner is the command, its flags and the binary lead the args
        '  - {name: kube-apiserver, image: "registry.k8s.io/kube-apiserver:v1.24.9", command: [/go-runner], args: [--log-file=/var/log/kube-apiserver.log, --also-stdout, /usr/local/bin/kube-apiserver, --anonymous-auth=false]}',
        // bootkube/Typhoon: runner and binary in the command, flags after them
        '  - {name: kcm, image: x, command: [/go-runner, /usr/local/bin/kube-controller-manager, --bind-address=127.0.0.1]}',
        '  - {name: sched, image: x, command: [kube-log-runner, -log-file, /var/log/s.log, --redirect-stderr=false, kube-scheduler], args: [--bind-address=0.0.0.0]}',
        '  - {name: proxy, image: x, command: [/go-runner, --log-file=/var/log/kube-proxy.log, /usr/local/bin/kube-proxy, --v=2]}',
        '  - {name: runner-only, image: x, command: [/go-runner, --also-stdout]}',
      ].join('\n') + '\n',
    );
    assert.deepEqual(
      components.map((c) => [c.kind, c.pod?.containerPath[2], c.flags.flags.map((f) => `${f.name}@${f.at.path.slice(3).join('.')}`), c.missingAt.path.slice(3).join('.')]),
      [
        ['kube-apiserver', 0, ['anonymous-auth@args.3'], 'args'],
        ['kube-controller-manager', 1, ['bind-address@command.2'], 'command'],
        ['kube-scheduler', 2, ['bind-address@args.0'], 'args'],
        // kube-proxy is no control-plane component of the catalog, and a runner starting nothing is none
      ],
    );
  });

  it('leaves out pods a controller made, and keeps mirror pods (owned by their Node)', () => {
    const owned = (kind: string): number => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences: [{apiVersion: v1, kind: ${kind}, name: x, uid: u}]\nspec:\n  containers: [{name: etcd, image: x, command: [etcd]}]\n`;
      const [resource] = parseManifests({ path: 'p.yaml', text }).resources;
      return resource ? podComponents(resource).length : -1;
    };
    assert.deepEqual([owned('Node'), owned('StatefulSet'), owned('ReplicaSet')], [1, 0, 0]);
  });

  it('reads a Kubernetes version from image tags, and none from others', () => {
    assert.deepEqual(
      ['registry.k8s.io/kube-apiserver:v1.30.2', 'rancher/hardened-kubernetes:v1.28.9-rke2r1-build20240416', 'localhost:5000/kube-apiserver', 'etcd:3.5.12-0', 'x:v1.29@sha256:abc', undefined].map((i) => versionFromImage(i)?.minor),
      [30, 28, undefined, undefined, 29, undefined],
    );
  });
});

describe('host paths through volume mounts', () => {
  const spec = {
    volumes: [
      { name: 'pki', hostPath: { path: '/etc/kubernetes/pki' } },
      { name: 'conf', hostPath: { path: '/srv/conf/' } },
      { name: 'cm', configMap: { name: 'x' } },
    ],
  };
  const container = {
    volumeMounts: [
      { name: 'pki', mountPath: '/etc/kubernetes/pki', readOnly: true },
      { name: 'conf', mountPath: '/etc/kubernetes/pki/etcd', subPath: 'etcd' },
      { name: 'cm', mountPath: '/config' },
    ],
  };

  it('takes the longest mount that contains the path, with its subPath', () => {
    assert.deepEqual(resolveMount(spec, container, '/etc/kubernetes/pki/ca.crt'), { hostPath: '/etc/kubernetes/pki/ca.crt', mount: { index: 0, readOnly: true, volume: 'pki', hostPath: true } });
    assert.equal(resolveMount(spec, container, '/etc/kubernetes/pki/etcd/ca.crt').hostPath, '/srv/conf/etcd/ca.crt');
  });

  it('says why a path is not on the host', () => {
    assert.match(resolveMount(spec, container, '/config/a.yaml').reason ?? '', /volume "cm", which is not a hostPath volume/);
    assert.match(resolveMount(spec, container, '/opt/x').reason ?? '', /read from the image/);
  });
});
