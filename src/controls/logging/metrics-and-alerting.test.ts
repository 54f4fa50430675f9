import { testControl, yaml } from '../../testing/control-tester.js';
import control from './metrics-and-alerting.js';

const kubeSystem = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: coredns, namespace: kube-system}
  spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`;

const prometheusOperator = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: Prometheus
  metadata: {name: k8s, namespace: monitoring}
  spec: {replicas: 2}`;

testControl(control, {
  valid: [
    {
      name: 'a prometheus-operator stack with alert rules',
      manifest: `${kubeSystem}---\n${prometheusOperator}---\n${yaml`
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: security, namespace: monitoring}
        spec: {groups: [{name: security, rules: [{alert: AnonymousRequests, expr: "vector(1)"}]}]}`}`,
    },
    {
      name: 'a plain Prometheus StatefulSet (its rules are in files we do not read)',
      manifest: `${kubeSystem}---\n${yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: prometheus, namespace: monitoring}
        spec:
          template:
            spec:
              containers: [{name: prometheus, image: quay.io/prometheus/prometheus:v3.0.1}]`}`,
    },
    {
      name: "GKE's Cloud Monitoring agent, as Azure Monitor's and CloudWatch's agents are",
      manifest: `${kubeSystem}---\n${yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: gke-metrics-agent, namespace: kube-system}
        spec:
          selector: {matchLabels: {k8s-app: gke-metrics-agent}}
          template:
            metadata: {labels: {k8s-app: gke-metrics-agent}}
            spec:
              containers: [{name: gke-metrics-agent, image: 'gke.gcr.io/gke-metrics-agent:1.12.5-gke.0'}]`}`,
    },
  ],
  invalid: [
    { name: 'no monitoring at all', manifest: kubeSystem, findings: [{ messageId: 'noStack', path: '', kind: 'Cluster', located: false }] },
    {
      name: 'an operator stack without any PrometheusRule',
      manifest: `${kubeSystem}---\n${prometheusOperator}`,
      findings: [{ messageId: 'noAlertRules', path: '', kind: 'Cluster', located: false }],
    },
  ],
});
