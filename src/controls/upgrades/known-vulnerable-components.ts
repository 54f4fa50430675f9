import { defineControl, type ControlReport } from '../../core/control.js';
import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { formatVersion, inAffectedRanges, parseVersion } from '../../core/versions.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { ContainerView, WorkloadView } from '../../normalize/workload.js';
import { imageTagVersion, isIngressNginxImage, nodeInfo } from './components.js';
import {
  fixedReleases,
  ingressNginxVulnerabilities,
  kubeletVulnerabilities,
  type IngressNginxExposure,
  type KubeletExposure,
  type KubeletVulnerability,
} from './data/vulnerabilities.js';

type MessageId = 'vulnerableKubelet' | 'vulnerableIngressNginx';

export default defineControl({
  target: 'workload',
  reads: ['/Node', '/ConfigMap'],
  // Only an ingress-nginx controller ConfigMap that sets allow-snippet-annotations matters here.
  readsOnly: { '/ConfigMap': (configMap) => asRecord(configMap.object['data'])?.['allow-snippet-annotations'] !== undefined },
  readsOnlyText: { '/ConfigMap': /allow-snippet-annotations|\\/ },
  meta: {
    ...catalogFields('NSA-UPG-002'),
    slug: 'known-vulnerable-components',
    rationale:
      'The guidance asks for patches to be applied promptly. A component with a published vulnerability is exploitable as soon as the configuration it needs is present: a kubelet with the subPath or gitRepo flaw by any pod using that feature, an ingress-nginx controller by anyone who can create an Ingress or reach its admission webhook. Kubelet rules need the Node objects of the cluster (kubectl get nodes -o yaml, or a live scan); without them only the image-based rules are judged.',
    remediation:
      'Upgrade the component to a fixed release. Until then, remove the exposure: stop using subPath/gitRepo volumes on vulnerable kubelets, set allow-snippet-annotations: "false" in the controller ConfigMap, or disable the ingress-nginx admission webhook.',
    messages: {
      vulnerableKubelet:
        '{{subject}} uses {{feature}}, which {{cve}} makes exploitable on {{nodes}}: {{summary}} (kubelet fixed in {{fixed}}).',
      vulnerableIngressNginx:
        'Container "{{container}}" runs ingress-nginx {{version}}, affected by {{cve}}: {{summary}}{{exposure}} (fixed in {{fixed}}).',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:2.3.1
          volumeMounts:
            - name: config
              mountPath: /etc/web
      volumes:
        - name: config
          configMap:
            name: web-config
`,
  },
  *check(workload, { index }) {
    const vulnerableNodes = index.derive(vulnerableKubelets);
    for (const rule of kubeletVulnerabilities) {
      const nodes = vulnerableNodes.get(rule);
      if (!nodes || nodes.length === 0) continue;
      for (const exposure of kubeletExposures(rule.exposure, workload)) {
        yield {
          messageId: 'vulnerableKubelet',
          data: {
            subject: exposure.container ? `Container "${exposure.container}"` : 'The pod',
            feature: exposure.feature,
            cve: rule.ids.join(', '),
            nodes: describeNodes(nodes),
            summary: rule.summary,
            fixed: fixedReleases(rule.affected),
          },
          path: exposure.path,
          ...(exposure.container ? { container: exposure.container } : {}),
        } satisfies ControlReport<MessageId>;
      }
    }
    for (const container of workload.containers) {
      const image = asString(container.spec['image']);
      if (!image || !isIngressNginxImage(image)) continue;
      const version = imageTagVersion(image);
      if (!version) continue;
      for (const rule of ingressNginxVulnerabilities) {
        if (!inAffectedRanges(version, rule.affected)) continue;
        const exposure = ingressNginxExposure(rule.exposure, container, workload, index);
        if (exposure === undefined) continue;
        yield {
          messageId: 'vulnerableIngressNginx',
          data: {
            version: formatVersion(version),
            cve: rule.ids.join(', '),
            summary: rule.summary,
            exposure,
            fixed: fixedReleases(rule.affected),
          },
          path: [...container.path, 'image'],
          container: container.name,
        } satisfies ControlReport<MessageId>;
      }
    }
  },
});

interface VulnerableNode {
  readonly name: string;
  readonly kubeletVersion: string;
}

/** Per kubelet rule, the Nodes of the input whose kubelet version it affects (computed once per scan). */
function vulnerableKubelets(index: ResourceIndex): Map<KubeletVulnerability, VulnerableNode[]> {
  const result = new Map<KubeletVulnerability, VulnerableNode[]>();
  for (const node of index.list('/Node')) {
    const kubeletVersion = nodeInfo(node).kubeletVersion;
    const version = parseVersion(kubeletVersion);
    if (!kubeletVersion || !version) continue;
    for (const rule of kubeletVulnerabilities) {
      if (!inAffectedRanges(version, rule.affected)) continue;
      const list = result.get(rule) ?? [];
      list.push({ name: node.ref.name, kubeletVersion });
      result.set(rule, list);
    }
  }
  return result;
}

function describeNodes(nodes: readonly VulnerableNode[]): string {
  const shown = nodes.slice(0, 3).map((n) => `${n.name} (kubelet ${n.kubeletVersion})`);
  const more = nodes.length > 3 ? ` and ${nodes.length - 3} more` : '';
  return `node${nodes.length > 1 ? 's' : ''} ${shown.join(', ')}${more}`;
}

interface KubeletExposureSite {
  readonly feature: string;
  readonly path: Path;
  readonly container?: string;
}

function kubeletExposures(exposure: KubeletExposure, workload: WorkloadView): KubeletExposureSite[] {
  switch (exposure) {
    case 'subPath':
      return workload.containers.flatMap((c) =>
        asArray(c.spec['volumeMounts']).flatMap((mount, i) => {
          const m = asRecord(mount);
          return (['subPath', 'subPathExpr'] as const)
            .filter((field) => (asString(m?.[field]) ?? '') !== '')
            .map((field) => ({ feature: `a ${field} volume mount`, path: [...c.path, 'volumeMounts', i, field], container: c.name }));
        }),
      );
    case 'gitRepoVolume':
      return asArray(workload.podSpec['volumes']).flatMap((volume, i) =>
        asRecord(asRecord(volume)?.['gitRepo'])
          ? [{ feature: 'a gitRepo volume', path: [...workload.podSpecPath, 'volumes', i, 'gitRepo'] }]
          : [],
      );
    case 'emptyLocalhostSeccompProfile': {
      const sites: KubeletExposureSite[] = [];
      const check = (context: Record<string, unknown>, path: Path, container?: string): void => {
        const profile = asRecord(context['seccompProfile']);
        if (asString(profile?.['type']) !== 'Localhost') return;
        if ((asString(profile?.['localhostProfile']) ?? '') !== '') return;
        sites.push({ feature: 'a Localhost seccomp profile without a name', path: [...path, 'seccompProfile'], ...(container ? { container } : {}) });
      };
      check(workload.podSecurityContext, [...workload.podSpecPath, 'securityContext']);
      for (const c of workload.containers) check(c.securityContext, [...c.path, 'securityContext'], c.name);
      return sites;
    }
  }
}

/**
 * Why the configuration of this controller leaves the vulnerability exploitable (text appended to the
 * message), or undefined when it does not.
 */
function ingressNginxExposure(
  exposure: IngressNginxExposure,
  container: ContainerView,
  workload: WorkloadView,
  index: ResourceIndex,
): string | undefined {
  switch (exposure) {
    case 'always':
      return '';
    case 'snippetAnnotationsAllowed': {
      const disabled = index
        .list('/ConfigMap')
        .some((c) => c.ref.namespace === workload.namespace && snippetAnnotationsDisabled(c));
      if (disabled) return undefined;
      const where = workload.namespace ? `namespace ${workload.namespace}` : 'its namespace';
      return `, and no ConfigMap in ${where} sets allow-snippet-annotations: "false"`;
    }
    case 'validatingWebhook':
      return servesValidatingWebhook(container) ? ', and its admission webhook is enabled (--validating-webhook)' : undefined;
  }
}

/** ingress-nginx reads the option with Go's strconv.ParseBool. */
function snippetAnnotationsDisabled(configMap: Resource): boolean {
  const value = asString(asRecord(configMap.object['data'])?.['allow-snippet-annotations']);
  return value !== undefined && ['false', 'False', 'FALSE', 'f', 'F', '0'].includes(value.trim());
}

function servesValidatingWebhook(container: ContainerView): boolean {
  const words = [...asArray(container.spec['command']), ...asArray(container.spec['args'])].map((w) => asString(w) ?? '');
  return words.some((word, i) => {
    if (word.startsWith('--validating-webhook=')) return word.slice('--validating-webhook='.length).trim() !== '';
    return word === '--validating-webhook' && (words[i + 1] ?? '').trim() !== '';
  });
}
