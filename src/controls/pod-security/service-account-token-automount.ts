import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { clusterPart, fix, set } from '../fixes.js';
import { isStaticPod } from './support.js';
import type { WorkloadView } from '../../normalize/workload.js';
import type { ScanSettings } from '../../engine/settings.js';

export default defineControl({
  target: 'workload',
  reads: ['/ServiceAccount'],
  meta: {
    ...catalogFields('NSA-POD-023'),
    slug: 'service-account-token-automount',
    fixable: true,
    rationale:
      'Every pod gets its service account token mounted by default. An attacker inside the container can use it against the API server; most applications never call the API.',
    remediation:
      'Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount); for workloads that call the API, list them with --token-allow-list.',
    messages: {
      automounted: 'The service account token of "{{serviceAccount}}" is mounted into the pod ({{why}}).',
    },
    example: yaml`
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: web
        namespace: shop
      automountServiceAccountToken: false
      ---
      apiVersion: apps/v1
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
            serviceAccountName: web
            # The web server never calls the Kubernetes API, so no token is mounted.
            automountServiceAccountToken: false
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(workload, { index, settings }) {
    const name = workload.resource.ref.name;
    const namespace = workload.namespace;
    if (settings.tokenAllowList.includes(name) || (namespace && settings.tokenAllowList.includes(`${namespace}/${name}`))) return;
    const podValue = workload.podSpec['automountServiceAccountToken'];
    const path = [...workload.podSpecPath, 'automountServiceAccountToken'];
    const serviceAccount = asString(workload.podSpec['serviceAccountName']) ?? asString(workload.podSpec['serviceAccount']) ?? 'default';
    if (podValue === false || isStaticPod(workload)) return;
    if (podValue === true) {
      const unsafe = `automountServiceAccountToken: true is set explicitly: the workload may call the API; if it does, put it on --token-allow-list instead`;
      yield { messageId: 'automounted', data: { serviceAccount, why: 'automountServiceAccountToken: true in the pod spec' }, path, fix: fix([set(path, false)], unsafe) };
      return;
    }
    const account = index.get('/ServiceAccount', namespace, serviceAccount, workload.resource);
    const accountValue = account?.object['automountServiceAccountToken'];
    if (accountValue === false) return;
    const why = account
      ? `the ServiceAccount does not set automountServiceAccountToken: false`
      : `neither the pod nor the ServiceAccount (not in the input) opts out`;
    const unsafe = tokenNeeded(serviceAccount, accountValue) ?? addOnAccount(workload, serviceAccount, settings);
    yield { messageId: 'automounted', data: { serviceAccount, why }, path, fix: fix([set(path, false)], unsafe) };
  },
});

/**
 * Why taking the token away could break an add-on, or undefined. A workload with an account of its own in a
 * system namespace (CoreDNS, kube-proxy, the CNI) or on every node (CNI and log agents) watches the API with it;
 * a dump of a cluster (kubectl get all -A) leaves out the bindings that would show it.
 */
function addOnAccount(workload: WorkloadView, serviceAccount: string, settings: ScanSettings): string | undefined {
  if (serviceAccount === 'default') return undefined;
  const { kind, name } = workload.resource.ref;
  const advice = `if it does, put it on --token-allow-list; if it does not, set automountServiceAccountToken: false`;
  const { everyNode, systemNamespace } = clusterPart(workload, settings);
  if (systemNamespace !== undefined) {
    return `${kind} ${name} runs in the system namespace ${systemNamespace} with its own ServiceAccount "${serviceAccount}": add-ons there (DNS, kube-proxy, the CNI) watch the API with its token; ${advice}`;
  }
  if (everyNode) {
    return `${kind} ${name} runs on every node with its own ServiceAccount "${serviceAccount}": node agents (CNI, log shippers) watch the API with its token; ${advice}`;
  }
  return undefined;
}

/**
 * Why taking the token away could break the workload, or undefined: its ServiceAccount opts in on purpose.
 * (A ServiceAccount that the input binds to a role is checked by `kubeharden fix`, which sees every object.)
 */
function tokenNeeded(serviceAccount: string, accountValue: unknown): string | undefined {
  if (accountValue !== true) return undefined;
  return `its ServiceAccount "${serviceAccount}" sets automountServiceAccountToken: true explicitly: the workload may call the API; if it does, put it on --token-allow-list instead`;
}
