import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../engine/default-settings.js';
import { fixFiles } from '../../fix/run.js';
import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './privilege-escalation.js';

testControl(control, {
  valid: [
    windowsPodCase('allowPrivilegeEscalation'),
    {
      name: 'explicitly false',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: app, image: nginx:1.27, securityContext: {allowPrivilegeEscalation: false}}`,
    },
  ],
  invalid: [
    {
      name: 'unset defaults to true; explicit true',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: a
              image: nginx:1.27
            - name: b
              image: nginx:1.27
              securityContext:
                allowPrivilegeEscalation: true`,
      findings: [
        { messageId: 'escalationAllowed', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', line: 6, column: 7 },
        { messageId: 'escalationAllowed', path: 'spec.containers[1].securityContext.allowPrivilegeEscalation', line: 11, column: 9 },
      ],
    },
  ],
});

describe('NSA-POD-007 fix', () => {
  const fixOptions = { controls: [control], only: new Set([control.meta.id as string]), settings: defaultSettings };
  // ingress-nginx v1.5's controller: nginx runs as UID 101 and binds port 80 through the file capability of its binary.
  const controller = (securityContext: string): string => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: controller, namespace: ingress}
    spec:
      selector: {matchLabels: {app: controller}}
      template:
        metadata: {labels: {app: controller}}
        spec:
          containers:
            - name: controller
              image: registry.k8s.io/ingress-nginx/controller:v1.5.2
              securityContext: ${securityContext}`;

  it('keeps an explicit allowPrivilegeEscalation: true of a non-root container that adds capabilities: it suggests', () => {
    for (const context of [
      '{allowPrivilegeEscalation: true, capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}, runAsUser: 101}',
      '{allowPrivilegeEscalation: true, capabilities: {add: [NET_BIND_SERVICE]}}',
    ]) {
      const result = fixFiles([{ path: 'deploy.yaml', text: controller(context) }], fixOptions);
      assert.deepEqual(result.files, [], context);
      assert.match(result.suggestions[0]?.reason ?? '', /only through file capabilities/);
    }
  });

  it('still turns it off when nothing is added, when it was only left unset, or for root', () => {
    for (const context of [
      '{allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}, runAsUser: 101}',
      '{capabilities: {add: [NET_BIND_SERVICE]}, runAsUser: 101}',
      '{allowPrivilegeEscalation: true, capabilities: {add: [NET_BIND_SERVICE]}, runAsUser: 0}',
    ]) {
      const result = fixFiles([{ path: 'deploy.yaml', text: controller(context) }], fixOptions);
      assert.deepEqual(result.suggestions, [], context);
      assert.match(result.files[0]?.after ?? '', /allowPrivilegeEscalation: false/, context);
    }
  });
});
