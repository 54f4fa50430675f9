import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './cni-network-policy-support.js';

/** A DaemonSet of the given namespace running the given containers (a list in YAML flow style). */
function daemonSet(name: string, namespace: string, containers: string): string {
  return yaml`
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: ${name}, namespace: ${namespace}}
    spec:
      selector: {matchLabels: {app: ${name}}}
      template:
        metadata: {labels: {app: ${name}}}
        spec:
          containers: ${containers}`;
}
const coredns = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: coredns, namespace: kube-system}
  spec:
    selector: {matchLabels: {k8s-app: kube-dns}}
    template:
      metadata: {labels: {k8s-app: kube-dns}}
      spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`;
const join = (...documents: string[]): string => documents.join('---\n');
/** A CNI in a cluster: the cluster's DNS marks the input as a whole cluster, not the CNI's own install manifest. */
const withDns = (manifest: string): string => join(coredns, manifest);
/** The kindnet DaemonSet kind installs, with the given image (and command, a list in YAML flow style). */
const kindnet = (image: string, command?: string): string =>
  daemonSet('kindnet', 'kube-system', `[{name: kindnet-cni, image: "${image}"${command ? `, command: ${command}` : ''}}]`);
const flannelDs = daemonSet('kube-flannel-ds', 'kube-flannel', '[{name: kube-flannel, image: "docker.io/flannel/flannel:v0.25.6"}]');

testControl(control, {
  valid: [
    { name: 'Cilium', manifest: withDns(daemonSet('cilium', 'kube-system', '[{name: cilium-agent, image: "quay.io/cilium/cilium:v1.16.3"}]')) },
    {
      name: 'Canal: flannel with Calico enforcing policies',
      manifest: withDns(daemonSet('canal', 'kube-system', '[{name: calico-node, image: "docker.io/calico/node:v3.28.2"}, {name: kube-flannel, image: "docker.io/flannel/flannel:v0.25.6"}]')),
    },
    {
      name: 'flannel next to a Calico policy engine in calico-system',
      manifest: join(coredns, flannelDs, daemonSet('calico-node', 'calico-system', '[{name: calico-node, image: "docker.io/calico/node:v3.28.2"}]')),
    },
    {
      name: 'the AWS VPC CNI with its network policy agent enabled',
      manifest: withDns(daemonSet(
        'aws-node',
        'kube-system',
        '[{name: aws-node, image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.5"}, {name: aws-eks-nodeagent, image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.3", args: ["--enable-network-policy=true"]}]',
      )),
    },
    { name: 'kube-router with its firewall', manifest: withDns(daemonSet('kube-router', 'kube-system', '[{name: kube-router, image: "docker.io/cloudnativelabs/kube-router:v2.2.1", args: ["--run-router=true"]}]')) },
    { name: 'GKE Dataplane V2 (anetd)', manifest: withDns(daemonSet('anetd', 'kube-system', '[{name: cilium-agent, image: "gke.gcr.io/cilium/cilium:v1.14.12-gke.10"}]')) },
    { name: 'kind >= v0.24: kindnetd v20240813 enforces policies', manifest: withDns(kindnet('docker.io/kindest/kindnetd:v20240813-c6f155d6')) },
    { name: 'kind v0.31 kindnetd with a git-describe tag', manifest: withDns(kindnet('docker.io/kindest/kindnetd:v20251212-v0.29.0-alpha-105-g20ccfc88')) },
    { name: 'kindnetd pinned by tag and digest', manifest: withDns(kindnet('docker.io/kindest/kindnetd:v20250214-acbabc1a@sha256:f3108bcefe4c9797081f9b4405e510eaec07ff17b8224077b3bad839452ebc97')) },
    {
      name: 'minikube kindnet v1.8.5 (aojea) with --network-policy=true',
      manifest: withDns(kindnet('ghcr.io/aojea/kindnetd:v1.8.5', '["/bin/kindnetd", "--network-policy=true"]')),
    },
    { name: 'aojea kindnet v1.3.0, where policies are on by default', manifest: withDns(kindnet('ghcr.io/aojea/kindnetd:v1.3.0', '["/bin/kindnetd"]')) },
    { name: 'kubernetes-sigs kindnet from registry.k8s.io', manifest: withDns(kindnet('registry.k8s.io/networking/kindnet:v1.0.2', '["/bin/kindnetd", "--network-policy=true"]')) },
  ],
  invalid: [
    {
      name: 'flannel alone',
      manifest: join(coredns, flannelDs),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].image', kind: 'DaemonSet', line: 18, column: 41 }],
    },
    {
      name: 'the AWS VPC CNI with the network policy agent switched off',
      manifest: withDns(daemonSet(
        'aws-node',
        'kube-system',
        '[{name: aws-node, image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.5"}, {name: aws-eks-nodeagent, image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.3", args: ["--enable-network-policy=false"]}]',
      )),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].image', kind: 'DaemonSet' }],
    },
    {
      name: 'kube-router as a router only',
      manifest: withDns(daemonSet('kube-router', 'kube-system', '[{name: kube-router, image: "docker.io/cloudnativelabs/kube-router:v2.2.1", args: ["--run-firewall=false"]}]')),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].args', kind: 'DaemonSet' }],
    },
    {
      name: 'kind v0.23 kindnetd (v20240513), before kindnet enforced policies',
      manifest: withDns(kindnet('docker.io/kindest/kindnetd:v20240513-cd2ac642')),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].image', kind: 'DaemonSet', line: 18, column: 40 }],
    },
    {
      name: 'aojea kindnet before v1.3.0',
      manifest: withDns(kindnet('ghcr.io/aojea/kindnetd:v1.1.0', '["/bin/kindnetd"]')),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].image', kind: 'DaemonSet' }],
    },
    {
      name: 'kindnet with its network policy controller switched off',
      manifest: withDns(kindnet('registry.k8s.io/networking/kindnet:v1.0.2', '["/bin/kindnetd", "--network-policy=false"]')),
      findings: [{ messageId: 'noPolicyEngine', path: 'spec.template.spec.containers[0].command', kind: 'DaemonSet' }],
    },
  ],
});

it('NSA-NET-003 names the kindnet version that ignores policies', () => {
  const report = scanWith(control, withDns(kindnet('docker.io/kindest/kindnetd:v20240513-cd2ac642')));
  assert.deepEqual(report.findings.map((f) => f.message), [
    'DaemonSet "kindnet" runs kindnet older than kind v0.24 (kindnetd v20240813), which does not enforce NetworkPolicy, and no policy engine runs in the cluster: every NetworkPolicy is ignored.',
  ]);
});

it('NSA-NET-003 leaves kindnet it cannot date, or dev builds between kind v0.23 and v0.24, not evaluated', () => {
  for (const image of [
    'docker.io/kindest/kindnetd:v20240730-75a5af0c',
    'docker.io/kindest/kindnetd:latest',
    'docker.io/kindest/kindnetd@sha256:f3108bcefe4c9797081f9b4405e510eaec07ff17b8224077b3bad839452ebc97',
    'kindest/kindnetd',
  ]) {
    const report = scanWith(control, withDns(kindnet(image)));
    assert.deepEqual(report.findings, [], image);
    assert.equal(report.controls.find((c) => c.id === 'NSA-NET-003')?.status, 'not-evaluated', image);
  }
  // Before v1.3.0 the aojea kindnet shipped a controller that had to be asked for and was not reliable yet.
  const asked = scanWith(control, withDns(kindnet('ghcr.io/aojea/kindnetd:v1.1.0', '["/bin/kindnetd", "--network-policy=true"]')));
  assert.deepEqual(asked.findings, []);
  assert.equal(asked.controls.find((c) => c.id === 'NSA-NET-003')?.status, 'not-evaluated');
});

it('NSA-NET-003 is not evaluated on application manifests, nor when no known CNI is found', () => {
  const app = scanWith(control, flannelDs.replace('kube-flannel-ds', 'app').replace('namespace: kube-flannel', 'namespace: shop'));
  assert.equal(app.controls.find((c) => c.id === 'NSA-NET-003')?.status, 'not-evaluated');
  const unknown = scanWith(control, withDns(daemonSet('kube-ovs', 'kube-system', '[{name: ovs, image: "example.com/net/ovs-cni:v0.3.1"}]')));
  const entry = unknown.controls.find((c) => c.id === 'NSA-NET-003');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /no DaemonSet of a known CNI/);
});

it('NSA-NET-003 says which CNI ignores the policies', () => {
  const report = scanWith(control, join(coredns, flannelDs));
  assert.deepEqual(report.findings.map((f) => f.message), [
    'DaemonSet "kube-flannel-ds" runs flannel, which does not enforce NetworkPolicy, and no policy engine runs in the cluster: every NetworkPolicy is ignored.',
  ]);
});

it('NSA-NET-003 does not judge a CNI install manifest alone: kube-system add-ons are not a whole cluster', () => {
  const report = scanWith(control, daemonSet('kube-flannel-ds', 'kube-system', '[{name: kube-flannel, image: "docker.io/flannel/flannel:v0.25.6"}]'));
  assert.deepEqual(report.findings, []);
  const entry = report.controls.find((c) => c.id === 'NSA-NET-003');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /does not look like a whole cluster/);
});
