// Values from YAML can have any type: the network and resource controls must judge what they can and never
// throw on the rest.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { builtinControls } from '../index.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { scan } from '../../engine/scan.js';
import { parseManifests } from '../../parse/manifests.js';
import { isFieldTypeError } from '../../normalize/field-types.js';

const odd = `
apiVersion: v1
kind: Namespace
metadata: {name: odd, labels: [a]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: odd}
spec: just text
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: odd}
spec:
  podSelector: [app]
  policyTypes: Ingress
  ingress: text
  egress: [null, 1, {to: text}, {to: [null, {ipBlock: text}, {ipBlock: {cidr: 5, except: text}}], ports: text}, {ports: [null, {port: [80]}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: c, namespace: odd}
spec:
  podSelector: {matchLabels: text, matchExpressions: [null, {key: 1}]}
  policyTypes: [null, 7, Egress]
  egress: [{to: [{ipBlock: {cidr: "0.0.0.0/0", except: [null, 3, "nope"]}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: d, namespace: odd}
spec: []
specs: [null, {endpointSelector: text}, {endpointSelector: {}, enableDefaultDeny: yes, egress: [null, {toCIDR: [1, null], toCIDRSet: [text, {cidr: 9}], toPorts: text, toEntities: text}], egressDeny: text}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: e}
specs: text
---
apiVersion: v1
kind: LimitRange
metadata: {name: f, namespace: odd}
spec: {limits: [null, {type: Container, default: text, max: [1]}]}
---
apiVersion: v1
kind: LimitRange
metadata: {name: g, namespace: odd}
spec: {limits: text}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: h, namespace: odd}
spec: {hard: [cpu]}
---
apiVersion: v1
kind: Service
metadata: {name: i, namespace: odd, annotations: [x]}
spec: {type: LoadBalancer, ports: [null, {port: "80", name: 7, appProtocol: []}], externalIPs: text}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: j, namespace: odd}
spec: {tls: [null, {hosts: text}], rules: [null, {host: 3}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: k, namespace: odd}
spec: {gatewayClassName: [], listeners: [null, {protocol: HTTP, port: "80"}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: l, namespace: odd}
spec: {parentRefs: text, rules: [null]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: m, namespace: kube-system}
spec: {template: {spec: {containers: [null, {name: x, image: 5, args: text}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: n, namespace: odd, labels: text}
spec:
  resources: text
  containers: [null, {name: app, image: nginx, resources: {limits: text, requests: [1]}}]
`;

it('network and resource controls survive odd shapes', () => {
  const parsed = parseManifests({ path: 'odd.yaml', text: odd });
  assert.deepEqual(parsed.errors, []);
  const controls = builtinControls.filter((c) => /^NSA-(NET|CP)-/.test(c.meta.id));
  const report = scan(parsed.resources, { controls, settings: defaultSettings, failOn: 'none' });
  assert.deepEqual(report.errors.filter((e) => !isFieldTypeError(e)), []);
  // The odd objects are still judged: the namespace has no default deny, the Service is exposed, the Pod has no limits.
  const ids = new Set(report.findings.map((f) => f.controlId));
  for (const id of ['NSA-NET-004', 'NSA-NET-008', 'NSA-NET-012', 'NSA-NET-017']) assert.ok(ids.has(id), `${id} reported`);
});
