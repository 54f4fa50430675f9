import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './external-services-tls.js';

testControl(control, {
  valid: [
    {
      name: 'an Ingress with TLS for every host, a wildcard among them; a ClusterIP Service on port 80',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls:
            - hosts: [shop.example.com]
              secretName: shop-tls
            - hosts: ["*.api.example.com"]
              secretName: api-tls
          rules:
            - host: shop.example.com
              http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
            - host: v1.api.example.com
              http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          ports: [{name: http, port: 80, targetPort: 8080}]`,
    },
    {
      name: 'a TLS entry without hosts covers the default host',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls: [{secretName: default-cert}]
          rules: [{host: shop.example.com}]`,
    },
    {
      name: 'a Gateway with an HTTPS listener, and an HTTP listener whose routes all redirect to https',
      manifest: yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: eg
          listeners:
            - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: shop-tls}]}}
            - {name: http, protocol: HTTP, port: 80}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: to-https, namespace: shop}
        spec:
          parentRefs: [{name: edge, namespace: infra, sectionName: http}]
          rules:
            - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]`,
    },
    {
      name: 'a Gateway of an internal GatewayClass',
      manifest: yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: internal, namespace: infra}
        spec:
          gatewayClassName: gke-l7-rilb
          listeners: [{name: http, protocol: HTTP, port: 80}]`,
    },
  ],
  invalid: [
    {
      name: 'an Ingress without spec.tls',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          rules:
            - host: shop.example.com
              http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}`,
      findings: [{ messageId: 'ingressNoTls', path: 'spec.tls', kind: 'Ingress', line: 4, column: 1 }],
    },
    {
      name: 'a host that no TLS entry covers (a wildcard covers one label only)',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls: [{hosts: ["*.example.com"], secretName: wildcard}]
          rules:
            - host: shop.example.com
            - host: admin.shop.example.com`,
      findings: [{ messageId: 'hostNotCovered', path: 'spec.rules[1].host', kind: 'Ingress', line: 8, column: 7 }],
    },
    {
      name: 'a Gateway HTTP listener, with a route that does not redirect',
      manifest: yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: eg
          listeners:
            - name: web
              protocol: HTTP
              port: 80
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: shop, namespace: infra}
        spec:
          parentRefs: [{name: edge}]
          rules: [{backendRefs: [{name: web, port: 8080}]}]`,
      findings: [{ messageId: 'gatewayHttpListener', path: 'spec.listeners[0].protocol', kind: 'Gateway', line: 8, column: 7 }],
    },
    {
      name: 'a LoadBalancer Service with a plain HTTP port and TLS only on 443',
      manifest: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
          annotations:
            service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/abc
            service.beta.kubernetes.io/aws-load-balancer-ssl-ports: https
        spec:
          type: LoadBalancer
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: https, port: 443, targetPort: 8080}`,
      findings: [{ messageId: 'plainHttpService', path: 'spec.ports[0]', kind: 'Service', line: 12, column: 7 }],
    },
    {
      name: 'an AWS load balancer told to speak HTTP on port 443, without a certificate',
      manifest: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: shop
          annotations: {service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http}
        spec:
          type: LoadBalancer
          ports: [{port: 443, targetPort: 8080}]`,
      findings: [{ messageId: 'plainHttpService', path: 'spec.ports[0]', kind: 'Service' }],
    },
    {
      name: 'a NodePort Service with an http appProtocol, and a Service with externalIPs listed for review',
      manifest: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: admin, namespace: shop}
        spec:
          type: NodePort
          ports: [{name: web, port: 9000, appProtocol: http}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: smtp, namespace: shop}
        spec:
          externalIPs: [203.0.113.10]
          ports: [{name: smtp, port: 25}]`,
      findings: [
        { messageId: 'plainHttpService', path: 'spec.ports[0]', kind: 'Service' },
        { messageId: 'exposedService', path: 'spec.externalIPs', kind: 'Service', status: 'warning' },
      ],
    },
    {
      name: 'TLS-terminating LoadBalancers, internal ones, and ingress controllers are listed for review only',
      manifest: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
          annotations: {service.beta.kubernetes.io/aws-load-balancer-ssl-cert: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}
        spec:
          type: LoadBalancer
          ports: [{name: http, port: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: shop
          annotations: {networking.gke.io/load-balancer-type: Internal}
        spec:
          type: LoadBalancer
          ports: [{port: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: ingress-nginx-controller
          namespace: ingress-nginx
          labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
        spec:
          type: LoadBalancer
          ports: [{name: http, port: 80}, {name: https, port: 443}]`,
      findings: [
        { messageId: 'exposedService', path: 'spec.type', kind: 'Service', status: 'warning' },
        { messageId: 'exposedService', path: 'spec.type', kind: 'Service', status: 'warning' },
        { messageId: 'exposedService', path: 'spec.type', kind: 'Service', status: 'warning' },
      ],
    },
  ],
});

it('NSA-NET-017 messages say what is exposed and why it looks like plain HTTP', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        type: LoadBalancer
        ports: [{port: 8080}, {name: grpc-tls, port: 8443}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: api, namespace: shop}
      spec:
        rules: [{host: api.example.com}, {host: api.example.org}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'Service "web" of namespace "shop" is exposed outside the cluster (type LoadBalancer) and serves port 8080 as plain HTTP (port 8080), with no TLS termination annotation of a cloud load balancer.',
    'Ingress "api" of namespace "shop" has no spec.tls: "api.example.com", "api.example.org" are served over plain HTTP.',
  ]);
});
