import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubectlCommand } from '../../core/resource.js';
import { clusterResource, trimObject } from './objects.js';

describe('trimObject', () => {
  it('puts apiVersion and kind back, drops managedFields and the status', () => {
    const object = trimObject(
      {
        metadata: { name: 'web', namespace: 'shop', managedFields: [{ manager: 'kubectl' }] },
        spec: { replicas: 2 },
        status: { replicas: 2, conditions: [] },
      },
      'apps/v1',
      'Deployment',
      'apps/Deployment',
    );
    assert.deepEqual(object, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } });
  });

  it('keeps the status fields controls read: Node nodeInfo, Pod images and digests, DaemonSet readiness', () => {
    const node = trimObject({ metadata: { name: 'n1' }, status: { nodeInfo: { kubeletVersion: 'v1.32.1' }, conditions: [{ type: 'Ready' }], images: [{ names: ['x'] }] } }, 'v1', 'Node', '/Node');
    assert.deepEqual(node['status'], { nodeInfo: { kubeletVersion: 'v1.32.1' } });
    const pod = trimObject(
      {
        metadata: { name: 'p' },
        spec: {},
        status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ name: 'app', image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', ready: true, restartCount: 3 }] },
      },
      'v1',
      'Pod',
      '/Pod',
    );
    assert.deepEqual(pod['status'], { containerStatuses: [{ name: 'app', image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc' }] });
    const daemonSet = trimObject({ metadata: { name: 'd' }, status: { desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 9 } }, 'apps/v1', 'DaemonSet', 'apps/DaemonSet');
    assert.deepEqual(daemonSet['status'], { desiredNumberScheduled: 3, numberReady: 2 });
  });
});

describe('cluster resources', () => {
  it('carry the context and a kubectl command in place of a file', () => {
    const resource = clusterResource({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }, 'prod');
    assert.deepEqual(resource.ref, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
    assert.deepEqual(resource.origin, { type: 'cluster', context: 'prod' });
    assert.equal(kubectlCommand(resource), 'kubectl get deployment.apps web -n shop -o yaml --context prod');
    const role = clusterResource({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:admin' } }, "my cluster's");
    assert.equal(kubectlCommand(role), `kubectl get clusterrole.rbac.authorization.k8s.io system:admin -o yaml --context 'my cluster'\\''s'`);
    const pod = clusterResource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' } }, 'c');
    assert.equal(kubectlCommand(pod), 'kubectl get pod p -n a -o yaml --context c');
  });
});
