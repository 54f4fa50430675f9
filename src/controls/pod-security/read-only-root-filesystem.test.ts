import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../engine/default-settings.js';
import { fixFiles } from '../../fix/run.js';
import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './read-only-root-filesystem.js';

testControl(control, {
  valid: [
    windowsPodCase('readOnlyRootFilesystem'),
    {
      name: 'read-only root with an emptyDir for /tmp; ephemeral containers are exempt',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {readOnlyRootFilesystem: true}
              volumeMounts: [{name: tmp, mountPath: /tmp}]
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
          volumes: [{name: tmp, emptyDir: {}}]`,
    },
  ],
  invalid: [
    {
      name: 'unset on the main container, false on the init container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          initContainers:
            - name: init
              image: busybox:1.36
              securityContext:
                readOnlyRootFilesystem: false
          containers:
            - name: app
              image: nginx:1.27`,
      findings: [
        { messageId: 'writableRoot', path: 'spec.initContainers[0].securityContext.readOnlyRootFilesystem', line: 9, column: 9 },
        { messageId: 'writableRoot', path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 11, column: 7 },
      ],
    },
  ],
});

describe('NSA-POD-005 fix on privileged containers', () => {
  const fixOptions = { controls: [control], only: new Set([control.meta.id as string]), settings: defaultSettings };
  // Calico's calico-node: a privileged agent whose confd renders BIRD's configuration into /etc/calico in the image.
  const calicoNode = (securityContext: string): string => yaml`
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: calico-node, namespace: kube-system}
    spec:
      selector: {matchLabels: {k8s-app: calico-node}}
      template:
        metadata: {labels: {k8s-app: calico-node}}
        spec:
          hostNetwork: true
          containers:
            - name: calico-node
              image: quay.io/calico/node:v3.29.1
              securityContext: ${securityContext}`;

  it('only suggests a read-only root file system for a privileged container: it could remount it, and such agents write to their image', () => {
    const result = fixFiles([{ path: 'calico.yaml', text: calicoNode('{privileged: true}') }], fixOptions);
    assert.deepEqual(result.files, []);
    assert.equal(result.suggestions.length, 1);
    assert.match(result.suggestions[0]?.reason ?? '', /runs privileged/);
    assert.match(result.suggestions[0]?.description ?? '', /readOnlyRootFilesystem/);
  });

  it('still applies it to a container that is not privileged', () => {
    for (const context of ['{privileged: false}', '{allowPrivilegeEscalation: false}']) {
      const result = fixFiles([{ path: 'calico.yaml', text: calicoNode(context) }], fixOptions);
      assert.deepEqual(result.suggestions, [], context);
      assert.match(result.files[0]?.after ?? '', /readOnlyRootFilesystem: true/, context);
    }
  });
});
