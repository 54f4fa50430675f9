import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { matchesAny, monitoringImages } from './known-agents.js';

const OPERATOR_KINDS = ['monitoring.coreos.com/Prometheus', 'monitoring.coreos.com/Alertmanager'];
const RULE_KIND = 'monitoring.coreos.com/PrometheusRule';

export default defineControl({
  target: 'cluster',
  wholeClusterOnly: true,
  reads: [...OPERATOR_KINDS, RULE_KIND],
  meta: {
    ...catalogFields('NSA-LOG-014'),
    slug: 'metrics-and-alerting',
    heuristic: true,
    rationale:
      'The guidance asks for alerts on the signs of compromise it lists (pods running as root, failed or anonymous API calls, a logging service going offline, low disk). Without a metrics and alerting stack nobody is told, however good the logs are.',
    remediation: 'Deploy Prometheus and Alertmanager (or an equivalent) with alert rules for the cases the guidance lists.',
    messages: {
      noStack: 'No metrics and alerting stack found: no Prometheus, Alertmanager or equivalent workload, and no prometheus-operator resources.',
      noAlertRules: 'The prometheus-operator stack has no PrometheusRule: metrics are collected but nothing alerts.',
    },
    example: `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: {replicas: 2, ruleSelector: {}}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: security-alerts, namespace: monitoring}
spec:
  groups:
    - name: security
      rules:
        - alert: KubeAPIAnonymousRequests
          expr: sum(rate(apiserver_request_total{user="system:anonymous"}[5m])) > 0
`,
  },
  observe(workload, tally) {
    const images = workload.containers.map((c) => asString(c.spec['image']) ?? '');
    if (images.some((image) => matchesAny(image, monitoringImages))) tally.set('monitoringWorkloads', (tally.get('monitoringWorkloads') ?? 0) + 1);
  },
  *check(_cluster, { index }, tally) {
    const operated = OPERATOR_KINDS.some((kind) => index.list(kind).length > 0);
    if (!operated && (tally.get('monitoringWorkloads') ?? 0) === 0) {
      yield { messageId: 'noStack', path: [] };
      return;
    }
    // Only operator-managed rules can be counted; a plain Prometheus keeps its rules in files we do not read.
    if (operated && index.list(RULE_KIND).length === 0) yield { messageId: 'noAlertRules', path: [] };
  },
});
