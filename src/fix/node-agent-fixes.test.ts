import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { fixFiles } from './run.js';

// Modelled on the Cilium agent DaemonSet (helm template of the cilium chart): a host-network node agent
// whose health server listens on loopback, and that turns AppArmor and seccomp off on purpose.
const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: net-agent
  namespace: net-system
spec:
  selector:
    matchLabels: {app: net-agent}
  template:
    metadata:
      labels: {app: net-agent}
    spec:
      hostNetwork: true
      securityContext:
        appArmorProfile:
          type: Unconfined
        seccompProfile:
          type: Unconfined
      containers:
        - name: agent
          image: registry.example.com/net/agent:1.16.3
          livenessProbe:
            httpGet:
              host: "127.0.0.1"
              path: /healthz
              port: 9879
`;

function fixWith(text: string, controlIds: readonly string[]) {
  return fixFiles([{ path: 'agent.yaml', text }], { controls: builtinControls, only: new Set(controlIds), settings: defaultSettings });
}

describe('fixes that would break a node agent are suggestions', () => {
  it('NSA-POD-022: the probe host of a host-network pod is kept: its server may listen on that address only', () => {
    const result = fixWith(agent, ['NSA-POD-022']);
    assert.deepEqual(result.files.map((f) => f.path), [], 'the probe keeps its host');
    const suggestion = result.suggestions.find((s) => s.finding.controlId === 'NSA-POD-022');
    assert.match(suggestion?.reason ?? '', /host network/);
  });

  it('NSA-POD-022: without the host network the probe host is removed, so the kubelet probes the pod', () => {
    const result = fixWith(agent.replace('      hostNetwork: true\n', ''), ['NSA-POD-022']);
    assert.doesNotMatch(result.files[0]?.after ?? '', /host: "127\.0\.0\.1"/);
    assert.equal(result.suggestions.length, 0);
  });

  it('NSA-POD-015, NSA-POD-014 and NSA-POD-017: a DaemonSet that sets Unconfined on purpose keeps it', () => {
    const result = fixWith(agent, ['NSA-POD-015', 'NSA-POD-014', 'NSA-POD-017']);
    assert.deepEqual(result.files.map((f) => f.path), [], 'Unconfined stays');
    const controls = result.suggestions.map((s) => s.finding.controlId).sort();
    assert.deepEqual(controls, ['NSA-POD-014', 'NSA-POD-015', 'NSA-POD-017']);
    for (const suggestion of result.suggestions) assert.match(suggestion.reason, /Unconfined/);
  });

  it('NSA-POD-015, NSA-POD-014 and NSA-POD-017: a Deployment outside the system namespaces gets RuntimeDefault', () => {
    const deployment = agent.replace('kind: DaemonSet', 'kind: Deployment').replace('      hostNetwork: true\n', '');
    const after = fixWith(deployment, ['NSA-POD-015', 'NSA-POD-014', 'NSA-POD-017']).files[0]?.after ?? '';
    assert.doesNotMatch(after, /Unconfined/);
    assert.equal((after.match(/type: RuntimeDefault/g) ?? []).length, 2);
  });
});
