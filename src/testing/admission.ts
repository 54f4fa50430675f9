// AdmissionReview requests shaped as kube-apiserver sends them (v1.30+): request.uid, kind, resource,
// subResource, requestKind, requestResource, name, namespace, operation, userInfo, object (with the
// defaults the API server fills in before validating admission), oldObject, dryRun, options.

import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

const resources: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  Service: { group: '', version: 'v1', resource: 'services' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  Ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
};

export interface ReviewOptions {
  readonly operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly object?: Json | null;
  readonly oldObject?: Json | null;
  readonly dryRun?: boolean;
  readonly uid?: string;
  readonly subResource?: string;
  /** For a custom resource: its group, version and plural. */
  readonly resource?: { group: string; version: string; resource: string };
}

/** An AdmissionReview for `object` (or, on DELETE, `oldObject`). */
export function admissionReview(options: ReviewOptions): Json {
  const operation = options.operation ?? 'CREATE';
  const subject = (options.object ?? options.oldObject) as Json;
  const kind = String(subject['kind']);
  const metadata = (subject['metadata'] ?? {}) as Json;
  const apiVersion = String(subject['apiVersion']);
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  const resource = options.resource ?? resources[kind] ?? { group, version, resource: `${kind.toLowerCase()}s` };
  const gvk = { group, version, kind };
  const optionsKind = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions', CONNECT: 'PodExecOptions' }[operation];
  return {
    kind: 'AdmissionReview',
    apiVersion: 'admission.k8s.io/v1',
    request: {
      uid: options.uid ?? randomUUID(),
      kind: gvk,
      resource,
      ...(options.subResource ? { subResource: options.subResource } : {}),
      requestKind: gvk,
      requestResource: resource,
      ...(options.subResource ? { requestSubResource: options.subResource } : {}),
      name: metadata['name'] ?? '',
      ...(metadata['namespace'] !== undefined ? { namespace: metadata['namespace'] } : {}),
      operation,
      userInfo: {
        username: 'kubernetes-admin',
        uid: 'aws-iam-authenticator:123456789012:AROAEXAMPLE',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=2f4d…'] },
      },
      object: operation === 'DELETE' || operation === 'CONNECT' ? null : options.object,
      oldObject: options.oldObject ?? null,
      dryRun: options.dryRun ?? false,
      options: { kind: optionsKind, apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
    },
  };
}

/** A pod spec as the API server stores it after defaulting; `container` and `pod` override fields. */
export function podSpec(container: Json = {}, pod: Json = {}): Json {
  return {
    serviceAccountName: 'web',
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
      appArmorProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: 'web',
        image: 'registry.example.com/shop/web:1.4.2@sha256:' + 'a'.repeat(64),
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        ...container,
      },
    ],
    ...pod,
  };
}

/** A hardened Deployment as the API server sends it on CREATE. */
export function deployment(name = 'web', namespace = 'shop', spec: Json = podSpec(), annotations: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/name': name },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}\n', ...annotations },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-23T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      template: { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec },
    },
    status: {},
  };
}

export function pod(name = 'web', namespace = 'shop', spec: Json = podSpec()): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } }, spec, status: {} };
}
