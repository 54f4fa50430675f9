import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { parseManifests } from '../parse/manifests.js';
import { builtinReporters } from '../reporters/index.js';
import { defaultSettings } from './default-settings.js';
import { scan, type ScanOptions } from './scan.js';
import { withPodTemplateOptions } from '../normalize/pod-spec-paths.js';

const base: ScanOptions = { controls: builtinControls, settings: defaultSettings, failOn: 'high' };
const scanText = (text: string) => scan(parseManifests({ path: 'crds.yaml', text }).resources, base);

const tektonTask = `apiVersion: tekton.dev/v1
kind: Task
metadata: {name: build, namespace: ci}
spec:
  steps:
    - name: build
      image: gcr.io/kaniko-project/executor:v1.23.2
      securityContext: {privileged: true}
`;

const argoWorkflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: hello-, namespace: ci}
spec:
  entrypoint: main
  templates:
    - name: main
      container: {image: busybox:1.36, command: [echo, hi]}
`;

const certificate = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web, namespace: shop}
spec:
  secretName: web-tls
  dnsNames: [shop.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;

test('custom resources that hold containers outside any known pod template are reported as not judged', () => {
  const report = scanText([tektonTask, argoWorkflow, certificate].join('---\n'));
  assert.deepEqual(report.summary.unjudgedContainerKinds, { Task: 1, Workflow: 1 });
  assert.deepEqual(report.summary.unknownKinds, { Task: 1, Workflow: 1, Certificate: 1 });
  const table = [...builtinReporters['table']!.render(report, { color: false })].join('');
  assert.match(table, /Containers no pod control judged, outside any known pod template: Task 1, Workflow 1 \(name the template with --pod-template/);
  const html = [...builtinReporters['html']!.render(report, { color: false })].join('');
  assert.match(html, /Containers no pod control judged/);
});

test('without such objects the summary has no unjudged kinds', () => {
  const report = scanText(certificate);
  assert.equal(report.summary.unjudgedContainerKinds, undefined);
});

test('a KEDA ScaledJob and a FlinkDeployment are judged through their pod templates', () => {
  const report = scanText(`apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: worker, namespace: jobs}
spec:
  jobTargetRef:
    template:
      spec:
        containers:
          - name: worker
            image: registry.example.com/worker:1.0.0
            securityContext: {privileged: true}
        restartPolicy: Never
  triggers: [{type: rabbitmq, metadata: {queueName: q}}]
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: stream, namespace: flink}
spec:
  image: flink:1.20
  flinkVersion: v1_20
  podTemplate:
    spec:
      hostNetwork: true
      containers: [{name: flink-main-container}]
`);
  const privileged = report.findings.filter((f) => f.controlId === 'NSA-POD-006');
  assert.deepEqual(privileged.map((f) => [f.resource.kind, f.path]), [['ScaledJob', 'spec.jobTargetRef.template.spec.containers[0].securityContext.privileged']]);
  const hostNetwork = report.findings.filter((f) => f.controlId === 'NSA-POD-009');
  assert.deepEqual(hostNetwork.map((f) => [f.resource.kind, f.path]), [['FlinkDeployment', 'spec.podTemplate.spec.hostNetwork']]);
  assert.equal(report.summary.unjudgedContainerKinds, undefined);
  assert.deepEqual(report.workloads.map((w) => w.resource.kind).sort(), ['FlinkDeployment', 'ScaledJob']);
});

test('a Prometheus whose sidecar no pod control judged is reported although a control reads Prometheus objects', () => {
  // The metrics-stack heuristic reads Prometheus and Alertmanager objects, which makes their kinds known;
  // their containers are still outside any pod template the scanner knows.
  const report = scanText(`apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 2
  containers:
    - name: thanos-sidecar
      image: quay.io/thanos/thanos:v0.36.1
      securityContext: {privileged: true}
`);
  assert.deepEqual(report.summary.unjudgedContainerKinds, { Prometheus: 1 });
  assert.equal(report.summary.unknownKinds['Prometheus'], undefined);
});

test('a pod template configured inside a list (ECK nodeSets.0.podTemplate) is judged and its findings located on the item', () => {
  const settings = { ...defaultSettings, podTemplates: withPodTemplateOptions(new Map(), ['elasticsearch.k8s.elastic.co/Elasticsearch=spec.nodeSets.0.podTemplate']) };
  const report = scan(
    parseManifests({
      path: 'es.yaml',
      text: `apiVersion: elasticsearch.k8s.elastic.co/v1
kind: Elasticsearch
metadata: {name: search, namespace: search}
spec:
  version: 8.15.0
  nodeSets:
    - name: default
      count: 3
      podTemplate:
        spec:
          initContainers:
            - name: sysctl
              securityContext:
                privileged: true
`,
    }).resources,
    { ...base, settings },
  );
  const privileged = report.findings.filter((f) => f.controlId === 'NSA-POD-006');
  assert.deepEqual(
    privileged.map((f) => [f.path, f.location?.line]),
    [['spec.nodeSets[0].podTemplate.spec.initContainers[0].securityContext.privileged', 14]],
  );
});
