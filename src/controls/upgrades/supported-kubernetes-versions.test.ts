import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LATEST_PSS_MINOR } from '../../pss/version.js';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './supported-kubernetes-versions.js';

const node = (name: string, kubeletVersion: string): string => yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: ${name}}
  status:
    nodeInfo:
      kubeletVersion: ${kubeletVersion}
      osImage: Ubuntu 24.04.2 LTS`;

const oldest = LATEST_PSS_MINOR - 2;

testControl(control, {
  valid: [
    { name: 'kubelets within the default window (the three newest minors)', manifest: node('a', `v1.${oldest}.0`) + '---\n' + node('b', `v1.${LATEST_PSS_MINOR}.3-eks-1a2b3c4`) },
    { name: 'a configured window', settings: { supportedKubernetesMinors: { oldest: 30, newest: 32 } }, manifest: node('a', 'v1.30.14+k3s1') },
  ],
  invalid: [
    {
      name: 'kubelet one minor older than the window',
      manifest: node('old', `v1.${oldest - 1}.9`),
      findings: [{ messageId: 'unsupported', path: 'status.nodeInfo.kubeletVersion', line: 6, column: 5 }],
    },
    {
      name: 'only the old node of a List fails',
      manifest: yaml`
        apiVersion: v1
        kind: NodeList
        items:
          - apiVersion: v1
            kind: Node
            metadata: {name: new}
            status: {nodeInfo: {kubeletVersion: v1.${LATEST_PSS_MINOR}.1}}
          - apiVersion: v1
            kind: Node
            metadata: {name: old}
            status: {nodeInfo: {kubeletVersion: v1.20.7}}`,
      findings: [{ messageId: 'unsupported', path: 'status.nodeInfo.kubeletVersion', line: 11 }],
    },
    {
      name: 'kubelet newer than the window: for review',
      settings: { supportedKubernetesMinors: { oldest: 30, newest: 32 } },
      manifest: node('new', 'v1.33.0'),
      findings: [{ messageId: 'newer', path: 'status.nodeInfo.kubeletVersion', status: 'warning' }],
    },
    {
      name: 'a Node without a kubelet version is for review',
      manifest: yaml`
        apiVersion: v1
        kind: Node
        metadata: {name: bare}`,
      findings: [{ messageId: 'unreadable', path: 'status.nodeInfo.kubeletVersion', status: 'warning', line: 1 }],
    },
  ],
});

describe('NSA-UPG-001 evidence', () => {
  it('is not evaluated without Node objects, and says the API server version cannot be read', () => {
    const report = scanWith(control, yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}`);
    const entry = report.controls.find((c) => c.id === 'NSA-UPG-001');
    assert.equal(entry?.status, 'not-evaluated');
    assert.match(entry?.reason ?? '', /no Node objects/);
    assert.match(entry?.reason ?? '', /API server version and kubelet\/API server skew cannot be read from manifests/);
  });

  it('names the window in the message', () => {
    const report = scanWith(control, node('old', 'v1.28.15'), { supportedKubernetesMinors: { oldest: 30, newest: 32 } });
    assert.equal(report.findings[0]?.message, 'Node old runs kubelet v1.28.15, older than the oldest supported Kubernetes release v1.30 (supported: v1.30 to v1.32).');
  });
});
