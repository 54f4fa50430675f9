import { defineControl, type Tally } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { inferredNamespace, type Resource } from '../../core/resource.js';
import { imageName } from './known-agents.js';

const PEER_AUTHENTICATION = 'security.istio.io/PeerAuthentication';
/** Istio's default root namespace: a PeerAuthentication there without a selector applies mesh-wide. */
const ISTIO_ROOT_NAMESPACE = 'istio-system';
const LINKERD_INJECT = 'linkerd.io/inject';

const istioControlPlane = /(^|\/)(pilot|istiod)$/;
const linkerdControlPlane = /cr\.l5d\.io\/linkerd\/(controller|destination|policy-controller)|linkerd-controller|linkerd2-controller/;

export default defineControl({
  target: 'cluster',
  reads: [PEER_AUTHENTICATION, '/Namespace'],
  meta: {
    ...catalogFields('NSA-LOG-015'),
    slug: 'service-mesh-mtls',
    heuristic: true,
    rationale:
      'A service mesh can encrypt and authenticate all pod-to-pod traffic with mutual TLS, as the guidance suggests. Istio accepts plain text by default (PERMISSIVE), and Linkerd only protects meshed pods: traffic of the others is neither encrypted nor authenticated.',
    remediation:
      'Istio: a PeerAuthentication named default in the root namespace with spec.mtls.mode: STRICT, and no namespace or workload policy that relaxes it. Linkerd: annotate every application namespace with linkerd.io/inject: enabled.',
    messages: {
      noStrictMeshPolicy: 'Istio runs, but no mesh-wide PeerAuthentication in {{root}} sets mtls.mode STRICT: plain-text traffic between pods is accepted.',
      meshWideNotStrict: 'The mesh-wide PeerAuthentication "{{name}}" sets mtls.mode {{mode}}, not STRICT: plain-text traffic between pods is accepted.',
      relaxed: 'PeerAuthentication "{{name}}" in {{namespace}} sets mtls.mode {{mode}}, so its workloads accept plain text.',
      unmeshed: 'Linkerd runs, but namespace "{{name}}" is not meshed (no {{annotation}}: enabled on it or its pods): its traffic is not encrypted.',
    },
    example: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: STRICT}
`,
  },
  observe(workload, tally) {
    const images = workload.containers.map((c) => imageName(asString(c.spec['image']) ?? ''));
    if (images.some((i) => istioControlPlane.test(i))) tally.set('istio', 1);
    if (images.some((i) => linkerdControlPlane.test(i))) tally.set('linkerd', 1);
    const annotations = asRecord(workload.podMetadata['annotations']);
    if (asString(annotations?.[LINKERD_INJECT]) === 'enabled') tally.set(`meshed:${workload.namespace || 'default'}`, 1);
  },
  applies(_cluster, { index }, tally) {
    if (tally.has('istio') || tally.has('linkerd') || index.list(PEER_AUTHENTICATION).length > 0) return undefined;
    return { status: 'not-evaluated', reason: 'no service mesh (Istio or Linkerd) in the input: the control applies only where a mesh is used' };
  },
  *check(cluster, { index, settings }, tally) {
    const policies = index.list(PEER_AUTHENTICATION);
    const meshWide = policies.filter((p) => p.ref.namespace === ISTIO_ROOT_NAMESPACE && !hasSelector(p));
    if (tally.has('istio') || meshWide.length > 0) {
      const strict = meshWide.find((p) => mode(p) === 'STRICT');
      if (!strict && meshWide.length === 0) yield { messageId: 'noStrictMeshPolicy', data: { root: ISTIO_ROOT_NAMESPACE }, path: [] };
      for (const policy of meshWide) {
        if (mode(policy) !== 'STRICT') {
          yield { messageId: 'meshWideNotStrict', data: { name: policy.ref.name, mode: mode(policy) }, path: ['spec', 'mtls', 'mode'], subject: policy };
        }
      }
    }
    for (const policy of policies) {
      if (meshWide.includes(policy)) continue;
      const value = mode(policy);
      if (value === 'PERMISSIVE' || value === 'DISABLE') {
        yield {
          messageId: 'relaxed',
          data: { name: policy.ref.name, namespace: policy.ref.namespace ?? 'default', mode: value },
          path: ['spec', 'mtls', 'mode'],
          subject: policy,
        };
      }
    }
    if (tally.has('linkerd')) yield* unmeshedNamespaces(cluster.namespaces, settings.systemNamespaces, tally);
  },
});

function* unmeshedNamespaces(
  namespaces: readonly { name: string; resource?: Resource; system: boolean; workloads: number }[],
  systemNamespaces: readonly string[],
  tally: Tally,
) {
  for (const namespace of namespaces) {
    if (namespace.system || systemNamespaces.includes(namespace.name) || namespace.name.startsWith('linkerd')) continue;
    if (namespace.workloads === 0 || tally.has(`meshed:${namespace.name}`)) continue;
    const annotations = asRecord(asRecord(namespace.resource?.object['metadata'])?.['annotations']);
    if (asString(annotations?.[LINKERD_INJECT]) === 'enabled') continue;
    yield {
      messageId: 'unmeshed' as const,
      data: { name: namespace.name, annotation: LINKERD_INJECT },
      path: ['metadata', 'annotations'],
      subject: namespace.resource ?? inferredNamespace(namespace.name),
    };
  }
}

function hasSelector(policy: Resource): boolean {
  const selector = asRecord(asRecord(policy.object['spec'])?.['selector']);
  return selector !== undefined && Object.keys(selector).length > 0;
}

/** Istio's mode when unset is inherited from the parent, which at mesh level means PERMISSIVE. */
function mode(policy: Resource): string {
  return asString(asRecord(asRecord(policy.object['spec'])?.['mtls'])?.['mode'])?.toUpperCase() ?? 'unset (PERMISSIVE)';
}
