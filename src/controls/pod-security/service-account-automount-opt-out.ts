import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, set } from '../fixes.js';

export default defineControl({
  target: 'resource',
  kinds: ['/ServiceAccount'],
  meta: {
    ...catalogFields('NSA-POD-024'),
    slug: 'service-account-automount-opt-out',
    fixable: true,
    rationale:
      "A ServiceAccount that does not opt out of automount puts its token in every pod that uses it, including pods that never call the API. The namespace's default account is used by every pod that names none.",
    remediation: 'Set automountServiceAccountToken: false on the ServiceAccount; pods that need the token opt in with automountServiceAccountToken: true.',
    messages: { automount: 'ServiceAccount "{{name}}" does not opt out of token automount.' },
    example: yaml`
      # The namespace's default account, used by every pod that names none, opts out.
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: default
        namespace: shop
      automountServiceAccountToken: false
      ---
      # So does each application's own account; a pod that needs the API opts in
      # with automountServiceAccountToken: true in its own spec.
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: web
        namespace: shop
      automountServiceAccountToken: false
    `,
  },
  *check(resource, { settings }) {
    if (resource.object['automountServiceAccountToken'] !== false) {
      const explicit = resource.object['automountServiceAccountToken'] === true;
      const { name, namespace } = resource.ref;
      // The pods of an add-on (CoreDNS, kube-proxy, the CNI) rely on its account's default to get the token they
      // watch the API with; a dump of the accounts leaves out the bindings that would show it.
      const addOn =
        name !== 'default' && namespace !== undefined && settings.systemNamespaces.includes(namespace)
          ? `"${name}" is an account of its own in the system namespace ${namespace}: the add-on pods that use it (DNS, kube-proxy, the CNI) watch the API with its token; opt out the pods that do not need it instead`
          : undefined;
      yield {
        messageId: 'automount',
        data: { name: resource.ref.name },
        path: ['automountServiceAccountToken'],
        fix: fix(
          [set(['automountServiceAccountToken'], false)],
          explicit ? 'automountServiceAccountToken: true is set explicitly: pods of this account may call the API; opt those pods in instead' : addOn,
        ),
      };
    }
  },
});
