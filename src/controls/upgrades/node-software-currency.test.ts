import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultNodeMinimums } from '../../engine/default-settings.js';
import { LATEST_PSS_MINOR } from '../../pss/version.js';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './node-software-currency.js';

const node = (osImage: string, kernelVersion: string, runtime: string, operatingSystem = 'linux'): string => yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: worker}
  status:
    nodeInfo:
      kubeletVersion: v1.${LATEST_PSS_MINOR}.1
      operatingSystem: ${operatingSystem}
      osImage: ${osImage}
      kernelVersion: ${kernelVersion}
      containerRuntimeVersion: ${runtime}`;

testControl(control, {
  valid: [
    { name: 'current Ubuntu, kernel and containerd', manifest: node('Ubuntu 24.04.2 LTS', '6.8.0-1021-aws', 'containerd://2.1.4') },
    { name: 'Amazon Linux 2023 with a 6.1 kernel', manifest: node('Amazon Linux 2023.6.20250107', '6.1.119-129.201.amzn2023.x86_64', 'containerd://2.0.5') },
    { name: 'RHEL 9 with CRI-O of the oldest supported minor', manifest: node('Red Hat Enterprise Linux 9.4 (Plow)', '5.14.0-427.13.1.el9_4.x86_64', `cri-o://1.${LATEST_PSS_MINOR - 2}.2`) },
    { name: 'distributions without a minimum are not judged (Bottlerocket, RHEL CoreOS)', manifest: node('Bottlerocket OS 1.20.0 (aws-k8s-1.30)', '6.1.90', 'containerd://2.0.0+bottlerocket') + '---\n' + node('Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)', '5.14.0-284.54.1.el9_2.x86_64', `cri-o://1.${LATEST_PSS_MINOR}.0`).replace('name: worker', 'name: rhcos') },
    { name: 'Windows kernel versions are not Linux kernels', manifest: node('Windows Server 2022 Datacenter', '10.0.20348.2340', 'containerd://2.0.2', 'windows') },
    { name: 'docker has no default minimum', manifest: node('Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'docker://25.0.3') },
    {
      name: 'lowered minimums',
      settings: { nodeMinimums: { ...defaultNodeMinimums(), kernel: '4.14', runtimes: { containerd: '1.7.0' }, operatingSystems: { 'Amazon Linux': '2' } } },
      manifest: node('Amazon Linux 2', '4.14.355-275.570.amzn2.x86_64', 'containerd://1.7.27'),
    },
  ],
  invalid: [
    {
      name: 'Amazon Linux 2, a 4.14 kernel and containerd 1.7: all three below the minimums',
      manifest: node('Amazon Linux 2', '4.14.355-275.570.amzn2.x86_64', 'containerd://1.7.27'),
      findings: [
        { messageId: 'belowMinimum', path: 'status.nodeInfo.osImage', line: 8, column: 5 },
        { messageId: 'belowMinimum', path: 'status.nodeInfo.kernelVersion', line: 9 },
        { messageId: 'belowMinimum', path: 'status.nodeInfo.containerRuntimeVersion', line: 10 },
      ],
    },
    { name: 'Debian 11', manifest: node('Debian GNU/Linux 11 (bullseye)', '5.10.0-28-cloud-amd64', 'containerd://2.0.4'), findings: [{ messageId: 'belowMinimum', path: 'status.nodeInfo.osImage' }] },
    { name: 'CentOS Linux 7', manifest: node('CentOS Linux 7 (Core)', '4.19.12-1.el7.elrepo.x86_64', 'containerd://2.0.4'), findings: [{ messageId: 'belowMinimum', path: 'status.nodeInfo.osImage' }] },
    { name: 'CRI-O older than the supported window', manifest: node('Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'cri-o://1.29.1'), findings: [{ messageId: 'belowMinimum', path: 'status.nodeInfo.containerRuntimeVersion' }] },
    {
      name: 'a raised kernel minimum (cgroup v2 recommendation)',
      settings: { nodeMinimums: { ...defaultNodeMinimums(), kernel: '5.8' } },
      manifest: node('Ubuntu 22.04.4 LTS', '5.4.0-1103-aws', 'containerd://2.1.4'),
      findings: [{ messageId: 'belowMinimum', path: 'status.nodeInfo.kernelVersion' }],
    },
  ],
});

describe('NSA-UPG-005 messages', () => {
  it('names the value and the minimum it misses', () => {
    const report = scanWith(control, node('Ubuntu 20.04.6 LTS', '5.15.0-105-generic', 'containerd://2.1.4'));
    assert.equal(report.findings[0]?.message, 'Node worker runs OS image Ubuntu 20.04.6 LTS, below the minimum Ubuntu 22.04.');
  });

  it('is not evaluated without Node objects', () => {
    const report = scanWith(control, yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}`);
    assert.equal(report.controls.find((c) => c.id === 'NSA-UPG-005')?.status, 'not-evaluated');
  });
});
