import { joinPatterns } from '../../core/patterns.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import type { Resource } from '../../core/resource.js';

/**
 * Image patterns of the agents the logging and detection controls look for. They match the image
 * reference without its tag, so that mirrors (`rancher/mirrored-fluent-fluent-bit`, a private registry)
 * are recognised too. Kept as data: adding a vendor is one line.
 */
export const logShipperImages: readonly RegExp[] = [
  /fluent-?bit/, /fluentd/, /(^|\/)vector$/, /timberio\/vector/, /filebeat/, /promtail/, /grafana\/alloy/, /(^|\/)alloy$/,
  /opentelemetry-collector/, /otel-?collector/, /splunk-otel/, /datadoghq\/agent/, /datadog\/agent/, /elastic-agent/,
  /logdna-agent/, /mezmo/, /containerinsights\/ciprod/, /ama-logs/, /newrelic-(fluentbit|logging)/, /sumologic/,
  /logging-agent/, /stackdriver-logging/, /logstash/, /nxlog/, /rsyslog/, /syslog-ng/, /cloudwatch-agent/,
];

export const intrusionDetectionImages: readonly RegExp[] = [
  /falcosecurity\/falco/, /(^|\/)falco$/, /cilium\/tetragon/, /(^|\/)tetragon$/, /kubearmor/, /aquasec\/tracee/, /(^|\/)tracee$/,
  /sysdig\/agent/, /sysdig\/agent-slim/, /aquasec\/enforcer/, /falcon-sensor/, /crowdstrike/, /twistlock\/defender/,
  /prismacloud.*defender/, /neuvector\/enforcer/, /stackrox\/collector/, /rhacs.*collector/, /advanced-cluster-security.*collector/,
  /azuredefender/, /microsoft-defender/, /defender-?for-?containers/, /lacework.*agent/, /wiz.*sensor/, /deepfence.*agent/,
  /upwind.*agent/, /sentinelone.*agent/, /(^|\/)s1-agent/,
];

export const monitoringImages: readonly RegExp[] = [
  /prometheus\/prometheus/, /(^|\/)prometheus$/, /prometheus-operator/, /alertmanager/, /victoriametrics\/v(m|ictoria)/,
  /thanos/, /grafana\/mimir/, /grafana\/agent/, /grafana\/alloy/, /datadoghq\/cluster-agent/, /datadog\/cluster-agent/,
  /newrelic\/infrastructure/, /dynatrace/, /elastic\/.*metricbeat/, /metricbeat/, /zabbix/, /netdata/,
  /containerinsights\/ciprod/, /ama-metrics/, /cloudwatch-agent/, /gke-managed-prometheus|gmp-operator|managed-prometheus/, /gke-metrics-agent/,
];

/** The image reference without tag or digest, lowercased: what the patterns above are tested against. */
export function imageName(image: string): string {
  const withoutDigest = image.toLowerCase().split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** Each pattern list as one alternation, made once: every workload's images are tested against the lists. */
const combinedPatterns = new WeakMap<readonly RegExp[], RegExp>();

export function matchesAny(image: string, patterns: readonly RegExp[]): boolean {
  const name = imageName(image);
  let combined = combinedPatterns.get(patterns);
  if (!combined) {
    // Flags change what a pattern matches, and `g`/`y` make test() stateful: such lists are tested one by one.
    combined = patterns.every((p) => p.flags === '') ? joinPatterns(patterns.map((p) => p.source)) : undefined;
    if (combined) combinedPatterns.set(patterns, combined);
  }
  return combined ? combined.test(name) : patterns.some((p) => p.test(name));
}

/** Every container image of a DaemonSet (or any pod template) in the input. */
export function templateImages(resource: Resource): string[] {
  const template = asRecord(asRecord(resource.object['spec'])?.['template']);
  const spec = asRecord(template?.['spec']);
  return [...asArray(spec?.['containers']), ...asArray(spec?.['initContainers'])]
    .map((c) => asString(asRecord(c)?.['image']))
    .filter((i): i is string => !!i);
}
