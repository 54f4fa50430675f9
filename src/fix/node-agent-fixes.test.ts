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

// Modelled on Linkerd's proxy-init (linkerd-init), which programs the pod's iptables before the proxy starts.
const meshed = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: destination
  namespace: mesh
spec:
  selector:
    matchLabels: {app: destination}
  template:
    metadata:
      labels: {app: destination}
    spec:
      initContainers:
        - name: proxy-init
          image: registry.example.com/mesh/proxy-init:2.2.3
          securityContext:
            capabilities:
              add: [NET_ADMIN, NET_RAW]
              drop: [ALL]
        - name: mount-helper
          image: registry.example.com/mesh/mount-helper:1.0.0
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
              drop: [ALL]
      containers:
        - name: app
          image: registry.example.com/mesh/destination:2.14.10
`;

describe('capabilities a manifest adds are kept', () => {
  it('NSA-POD-013: removing NET_ADMIN from an init container that programs iptables is a suggestion', () => {
    const result = fixWith(meshed, ['NSA-POD-013']);
    assert.deepEqual(result.files.map((f) => f.path), [], 'the capabilities stay');
    const suggested = result.suggestions.map((s) => s.finding.message);
    assert.equal(suggested.length, 3);
    for (const suggestion of result.suggestions) assert.match(suggestion.reason, /added on purpose/);
  });

  it('NSA-POD-007: allowPrivilegeEscalation: false, which takes SYS_ADMIN away, is a suggestion where SYS_ADMIN is added', () => {
    const result = fixWith(meshed, ['NSA-POD-007']);
    const after = result.files[0]?.after ?? '';
    assert.match(after, /add: \[SYS_ADMIN\]/);
    const suggestion = result.suggestions.find((s) => s.finding.container === 'mount-helper');
    assert.match(suggestion?.reason ?? '', /SYS_ADMIN is added on purpose/);
  });
});
