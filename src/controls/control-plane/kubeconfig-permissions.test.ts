import assert from 'node:assert/strict';
import { it } from 'node:test';
import { kubeadmKubelet, kubeconfig, kubeletConfig } from '../../testing/node-fixtures.js';
import { scanNodeFiles, testNodeControl } from '../../testing/node-tester.js';
import control from './kubeconfig-permissions.js';

const admin = '/etc/kubernetes/admin.conf';

testNodeControl(control, {
  valid: [
    {
      name: 'kubeadm kubeconfigs 0600 root:root, root\'s own 0600',
      node: { [admin]: kubeconfig(), '/etc/kubernetes/kubelet.conf': kubeconfig('system:node:cp1'), '/root/.kube/config': { text: kubeconfig(), mode: 0o600 } },
    },
    { name: 'a kubeconfig read through a symlink inside the root', node: { '/etc/kubernetes/admin.conf': { symlink: '../../srv/admin.conf' }, '/srv/admin.conf': kubeconfig() } },
  ],
  invalid: [
    {
      name: 'admin.conf readable by everyone, the kubelet --kubeconfig at a custom path group-readable',
      node: {
        [admin]: { text: kubeconfig(), mode: 0o644 },
        ...kubeadmKubelet(kubeletConfig()),
        '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--kubeconfig=/var/lib/kubelet/kubeconfig\n',
        '/var/lib/kubelet/kubeconfig': { text: kubeconfig('system:node:w1'), mode: 0o640 },
      },
      findings: [
        { messageId: 'tooOpen', file: admin, line: 1, column: 1, path: '', message: /0644/ },
        { messageId: 'tooOpen', file: '/var/lib/kubelet/kubeconfig', message: /0640/ },
      ],
    },
    {
      name: 'owned by another user',
      needsRoot: true,
      node: { [admin]: { text: kubeconfig(), owner: [1000, 1000] }, '/root/.kube/config': { text: kubeconfig(), owner: [0, 1000] } },
      findings: [{ messageId: 'notRoot', file: admin, message: /uid 1000, gid 1000, not root:root/ }],
    },
  ],
  notEvaluated: [
    { name: 'files given to a normal scan carry no modes', given: { 'admin.conf': kubeconfig() }, reason: /node scans \(kubeharden scan --node\)/ },
    { name: 'a node without kubeconfigs', node: { '/var/lib/kubelet/config.yaml': kubeletConfig() }, reason: /no kubeconfig on this node.*\/etc\/kubernetes\/admin\.conf/ },
  ],
});

it('NSA-CP-008 judges the file a symlink leads to, and never leaves the root', async () => {
  const report = await scanNodeFiles(
    { [admin]: { symlink: '/../../../../srv/admin.conf' }, '/srv/admin.conf': { text: kubeconfig(), mode: 0o666 } },
    { controls: [control] },
  );
  assert.deepEqual(report.findings.map((f) => [f.location?.file, f.message]), [[admin, 'Kubeconfig /etc/kubernetes/admin.conf has mode 0666, wider than 0600.']]);
});
