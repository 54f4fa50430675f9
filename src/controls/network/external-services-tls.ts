import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { DEFAULT_NAMESPACE, type Resource } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { kindKey } from '../../normalize/pod-spec-paths.js';

const INGRESS_KINDS = ['networking.k8s.io/Ingress', 'extensions/Ingress'];
const GATEWAY_KIND = 'gateway.networking.k8s.io/Gateway';
const HTTP_ROUTE_KIND = 'gateway.networking.k8s.io/HTTPRoute';
const SERVICE_KIND = '/Service';

/** GatewayClasses that provision internal (VPC-only) load balancers, or mesh-internal gateways. */
const internalGatewayClasses = new Set([
  'gke-l7-rilb',
  'gke-l7-rilb-mc',
  'gke-l7-cross-regional-internal-managed',
  'gke-l7-cross-regional-internal-managed-mc',
  'istio-waypoint',
  'istio-east-west',
]);

/** Annotations that make a cloud provider create an internal load balancer for a LoadBalancer Service. */
const internalLoadBalancer: Readonly<Record<string, (value: string) => boolean>> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': (v) => v !== 'false',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': (v) => v === 'internal',
  'networking.gke.io/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'cloud.google.com/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': (v) => v === 'true',
  'service.beta.kubernetes.io/oci-load-balancer-internal': (v) => v === 'true',
  'service.beta.kubernetes.io/openstack-internal-load-balancer': (v) => v === 'true',
};

/**
 * Services in front of ingress controllers and gateways: their port 80 usually only redirects to HTTPS, and
 * the TLS of what they serve is judged on the Ingress and Gateway objects themselves.
 */
const ingressControllerNames = /^(ingress-nginx|nginx-ingress|traefik|contour|envoy|istio-ingressgateway|kong|haproxy-ingress|kubernetes-ingress|emissary-ingress|ambassador|envoy-gateway|skipper-ingress)$/;

type MessageId = 'ingressNoTls' | 'hostNotCovered' | 'gatewayHttpListener' | 'plainHttpService' | 'exposedService';

export default defineControl({
  target: 'resource',
  kinds: [...INGRESS_KINDS, GATEWAY_KIND, SERVICE_KIND],
  reads: [HTTP_ROUTE_KIND],
  meta: {
    ...catalogFields('NSA-NET-017'),
    slug: 'external-services-tls',
    heuristic: true,
    rationale:
      'Traffic that enters the cluster from outside crosses networks nobody in the cluster controls. The guidance (v1.2) asks that Services exposed externally use TLS: Ingresses with TLS for every host, Gateway listeners on HTTPS or TLS, and LoadBalancer or NodePort Services reviewed, since they bypass both. Plain-HTTP ports of such Services are found by heuristics: ports 80 and 8080, a name or appProtocol of http, h2c or ws, or a load balancer annotation that makes its listeners HTTP (AWS backend-protocol, DigitalOcean protocol, Hetzner protocol, Linode default-protocol); TLS termination is recognised by the annotations of the AWS (ssl-cert, ssl-ports), DigitalOcean (certificate-id/name, tls-ports, redirect-http-to-https), Oracle Cloud (tls-secret, ssl-ports), Hetzner (protocol https, http-redirect-http) and Linode (per-port tls-secret-name) load balancers. GCP and Azure Service load balancers are layer 4 and never terminate TLS. Internal load balancers and the Services of ingress controllers (whose TLS is judged on the Ingress) are only listed for review.',
    remediation:
      'Terminate TLS at the Ingress (spec.tls covering every host) or the Gateway (HTTPS or TLS listeners; keep an HTTP listener only for routes that redirect to https). Expose applications through them rather than through LoadBalancer or NodePort Services, or configure the load balancer to terminate TLS.',
    messages: {
      ingressNoTls: 'Ingress "{{name}}" of namespace "{{namespace}}" has no spec.tls: {{hosts}} served over plain HTTP.',
      hostNotCovered: 'Ingress "{{name}}" of namespace "{{namespace}}" serves host "{{host}}", which no spec.tls entry covers: it is served over plain HTTP.',
      gatewayHttpListener: 'Gateway "{{name}}" of namespace "{{namespace}}" has listener "{{listener}}" with protocol HTTP on port {{port}}{{routes}}: its traffic is not encrypted.',
      plainHttpService:
        'Service "{{name}}" of namespace "{{namespace}}" is exposed outside the cluster ({{exposure}}) and serves port {{port}} as plain HTTP ({{why}}), with no TLS termination annotation of a cloud load balancer.',
      exposedService: 'Service "{{name}}" of namespace "{{namespace}}" is exposed outside the cluster ({{exposure}}): review that it must be, and that it serves TLS.',
    },
    example: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  tls: [{hosts: [shop.example.com], secretName: shop-example-com-tls}]
  rules:
    - host: shop.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}]
`,
  },
  *check(resource, ctx): Iterable<ControlReport<MessageId>> {
    const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
    if (INGRESS_KINDS.includes(kind)) yield* checkIngress(resource);
    else if (kind === GATEWAY_KIND) yield* checkGateway(resource, ctx);
    else yield* checkService(resource);
  },
});

function namespaceOf(resource: Resource): string {
  return resource.ref.namespace || DEFAULT_NAMESPACE;
}

function* checkIngress(ingress: Resource): Iterable<ControlReport<MessageId>> {
  const spec = asRecord(ingress.object['spec']) ?? {};
  const name = ingress.ref.name;
  const rules = asArray(spec['rules']).map((r) => asRecord(r) ?? {});
  const tls = asArray(spec['tls']).map((t) => asRecord(t) ?? {});
  if (tls.length === 0) {
    const hosts = [...new Set(rules.map((r) => asString(r['host'])).filter((h): h is string => !!h))];
    const text = hosts.length === 0 ? 'every host is' : `${hosts.map((h) => `"${h}"`).join(', ')} ${hosts.length === 1 ? 'is' : 'are'}`;
    yield { messageId: 'ingressNoTls', data: { name, namespace: namespaceOf(ingress), hosts: text }, path: ['spec', 'tls'] };
    return;
  }
  // A tls entry without hosts covers whatever host the controller serves with its default certificate.
  if (tls.some((t) => asArray(t['hosts']).length === 0)) return;
  const covered = tls.flatMap((t) => asArray(t['hosts'])).filter((h): h is string => typeof h === 'string');
  for (let i = 0; i < rules.length; i++) {
    const host = asString(rules[i]?.['host']);
    if (!host || covered.some((pattern) => hostMatches(pattern, host))) continue;
    yield { messageId: 'hostNotCovered', data: { name, namespace: namespaceOf(ingress), host }, path: ['spec', 'rules', i, 'host'] };
  }
}

/** TLS host patterns: exact (case-insensitive), or `*.example.com` for exactly one more label. */
function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const rest = p.slice(1);
  return h.endsWith(rest) && !h.slice(0, h.length - rest.length).includes('.') && h.length > rest.length;
}

function* checkGateway(gateway: Resource, ctx: ControlContext): Iterable<ControlReport<MessageId>> {
  const spec = asRecord(gateway.object['spec']) ?? {};
  if (internalGatewayClasses.has(asString(spec['gatewayClassName']) ?? '')) return;
  const listeners = asArray(spec['listeners']);
  for (let i = 0; i < listeners.length; i++) {
    const listener = asRecord(listeners[i]) ?? {};
    if (listener['protocol'] !== 'HTTP') continue;
    const routes = ctx.index.list(HTTP_ROUTE_KIND).filter((route) => attachesTo(route, gateway, listener));
    // An HTTP listener that only redirects to https is how Gateways serve the http:// of a TLS site.
    if (routes.length > 0 && routes.every(redirectsToHttps)) continue;
    const port = listener['port'];
    yield {
      messageId: 'gatewayHttpListener',
      data: {
        name: gateway.ref.name,
        namespace: namespaceOf(gateway),
        listener: asString(listener['name']) ?? String(i),
        port: typeof port === 'number' ? port : '?',
        routes: routes.length > 0 ? ` serving ${routes.length} HTTPRoute${routes.length > 1 ? 's' : ''} that do not all redirect to https` : '',
      },
      path: ['spec', 'listeners', i, 'protocol'],
    };
  }
}

function attachesTo(route: Resource, gateway: Resource, listener: Record<string, unknown>): boolean {
  const routeNamespace = route.ref.namespace || DEFAULT_NAMESPACE;
  const gatewayNamespace = gateway.ref.namespace || DEFAULT_NAMESPACE;
  return asArray(asRecord(route.object['spec'])?.['parentRefs']).some((entry) => {
    const ref = asRecord(entry) ?? {};
    if ((asString(ref['group']) ?? 'gateway.networking.k8s.io') !== 'gateway.networking.k8s.io') return false;
    if ((asString(ref['kind']) ?? 'Gateway') !== 'Gateway') return false;
    if (ref['name'] !== gateway.ref.name || (asString(ref['namespace']) ?? routeNamespace) !== gatewayNamespace) return false;
    if (ref['sectionName'] !== undefined && ref['sectionName'] !== listener['name']) return false;
    return ref['port'] === undefined || ref['port'] === listener['port'];
  });
}

function redirectsToHttps(route: Resource): boolean {
  const rules = asArray(asRecord(route.object['spec'])?.['rules']);
  return (
    rules.length > 0 &&
    rules.every((rule) =>
      asArray(asRecord(rule)?.['filters']).some((f) => {
        const filter = asRecord(f);
        return filter?.['type'] === 'RequestRedirect' && asRecord(filter['requestRedirect'])?.['scheme'] === 'https';
      }),
    )
  );
}

function* checkService(service: Resource): Iterable<ControlReport<MessageId>> {
  const spec = asRecord(service.object['spec']) ?? {};
  const metadata = asRecord(service.object['metadata']) ?? {};
  const annotations = asRecord(metadata['annotations']) ?? {};
  const type = asString(spec['type']) ?? 'ClusterIP';
  const externalIPs = asArray(spec['externalIPs']).filter((ip): ip is string => typeof ip === 'string');
  const exposures: string[] = [];
  let exposedPath: (string | number)[] = ['spec', 'type'];
  const internal = type === 'LoadBalancer' && Object.entries(internalLoadBalancer).some(([key, test]) => typeof annotations[key] === 'string' && test(annotations[key] as string));
  if (type === 'LoadBalancer') exposures.push(internal ? 'type LoadBalancer, internal' : 'type LoadBalancer');
  if (type === 'NodePort') exposures.push('type NodePort');
  if (externalIPs.length > 0) {
    exposures.push(`externalIPs ${externalIPs.join(', ')}`);
    if (type !== 'LoadBalancer' && type !== 'NodePort') exposedPath = ['spec', 'externalIPs'];
  }
  if (exposures.length === 0) return;
  const exposure = exposures.join('; ');
  const name = service.ref.name;
  const judged = !(internal && externalIPs.length === 0 && type === 'LoadBalancer') && !frontsIngressController(service, metadata, spec);
  let failed = false;
  if (judged) {
    const ports = asArray(spec['ports']);
    for (let i = 0; i < ports.length; i++) {
      const port = asRecord(ports[i]) ?? {};
      const why = plainHttp(port, annotations);
      if (!why || tlsTerminated(annotations, port)) continue;
      failed = true;
      yield { messageId: 'plainHttpService', data: { name, namespace: namespaceOf(service), exposure, port: portLabel(port), why }, path: ['spec', 'ports', i] };
    }
  }
  if (!failed) yield { messageId: 'exposedService', data: { name, namespace: namespaceOf(service), exposure }, path: exposedPath, status: 'warning' };
}

function frontsIngressController(service: Resource, metadata: Record<string, unknown>, spec: Record<string, unknown>): boolean {
  const labels = { ...(asRecord(metadata['labels']) ?? {}), ...(asRecord(spec['selector']) ?? {}) };
  if (labels['gateway.networking.k8s.io/gateway-name'] !== undefined || labels['istio'] === 'ingressgateway') return true;
  const names = [labels['app.kubernetes.io/name'], labels['app'], labels['app.kubernetes.io/instance'], service.ref.name];
  return names.some((n) => typeof n === 'string' && ingressControllerNames.test(n.replace(/-controller$/, '')));
}

const tlsNames = /^(https|tls|wss|grpcs|h2)(-|$)/;
const httpNames = /^(http|http2|h2c|ws)(-|$)|-http$/;

/**
 * Annotations by which a cloud load balancer is told to speak HTTP on its listeners (the TLS termination
 * annotations, checked separately, turn some of them into HTTPS).
 */
const httpListenerAnnotations: readonly (readonly [string, readonly string[]])[] = [
  ['service.beta.kubernetes.io/aws-load-balancer-backend-protocol', ['http']],
  ['service.beta.kubernetes.io/do-loadbalancer-protocol', ['http', 'http2']],
  ['load-balancer.hetzner.cloud/protocol', ['http']],
  ['service.beta.kubernetes.io/linode-loadbalancer-default-protocol', ['http']],
];

/** Why a Service port looks like plain HTTP, or undefined. */
function plainHttp(port: Record<string, unknown>, annotations: Record<string, unknown>): string | undefined {
  for (const [key, values] of httpListenerAnnotations) {
    const value = annotations[key];
    if (typeof value === 'string' && values.includes(value.toLowerCase())) return `${key.slice(key.indexOf('/') + 1)}: ${value}`;
  }
  const appProtocol = (asString(port['appProtocol']) ?? '').toLowerCase();
  const name = (asString(port['name']) ?? '').toLowerCase();
  if (['https', 'tls', 'kubernetes.io/wss', 'grpcs'].includes(appProtocol) || tlsNames.test(name)) return undefined;
  if (['http', 'h2c', 'kubernetes.io/h2c', 'kubernetes.io/ws'].includes(appProtocol)) return `appProtocol ${appProtocol}`;
  if (name && httpNames.test(name)) return `port name "${name}"`;
  if (port['port'] === 80 || port['port'] === 8080) return `port ${String(port['port'])}`;
  return undefined;
}

function portLabel(port: Record<string, unknown>): string {
  const name = asString(port['name']);
  const number = typeof port['port'] === 'number' ? String(port['port']) : '?';
  return name ? `${number} (${name})` : number;
}

/** A comma-separated port list of an annotation names this port (by number or name); '*' names all. */
function listsPort(list: unknown, port: Record<string, unknown>, fallback: string): boolean {
  const entries = (typeof list === 'string' ? list : fallback).split(',').map((e) => e.trim());
  return entries.includes('*') || entries.includes(String(port['port'])) || (typeof port['name'] === 'string' && entries.includes(port['name']));
}

function tlsTerminated(annotations: Record<string, unknown>, port: Record<string, unknown>): boolean {
  const has = (key: string): boolean => typeof annotations[key] === 'string' && annotations[key] !== '';
  const is = (key: string, value: string): boolean => typeof annotations[key] === 'string' && (annotations[key] as string).toLowerCase() === value;
  if (has('service.beta.kubernetes.io/aws-load-balancer-ssl-cert') && listsPort(annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-ports'], port, '*')) {
    return true;
  }
  if (is('service.beta.kubernetes.io/do-loadbalancer-redirect-http-to-https', 'true')) return true;
  if (
    (has('service.beta.kubernetes.io/do-loadbalancer-certificate-id') || has('service.beta.kubernetes.io/do-loadbalancer-certificate-name')) &&
    listsPort(annotations['service.beta.kubernetes.io/do-loadbalancer-tls-ports'], port, '443')
  ) {
    return true;
  }
  if (has('service.beta.kubernetes.io/oci-load-balancer-tls-secret') && listsPort(annotations['service.beta.kubernetes.io/oci-load-balancer-ssl-ports'], port, '')) {
    return true;
  }
  if (is('load-balancer.hetzner.cloud/protocol', 'https') || is('load-balancer.hetzner.cloud/http-redirect-http', 'true')) return true;
  const linode = annotations[`service.beta.kubernetes.io/linode-loadbalancer-port-${String(port['port'])}`];
  return typeof linode === 'string' && /"tls-secret-name"\s*:\s*"[^"]+"/.test(linode);
}
