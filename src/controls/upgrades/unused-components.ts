import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { adminUiOf, dashboardServiceAccount } from './data/admin-uis.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-UPG-006'),
    // The catalog cites only the section name; the page and the sentence it applies are the same as UPG-001's.
    guidance: 'Upgrading (p.32): remove components that are no longer used',
    slug: 'unused-components',
    heuristic: true,
    rationale:
      'Every component left running is attack surface that still has to be patched. In-cluster admin consoles are the worst case: they hold a service account with wide rights and serve a login page (an exposed Kubernetes Dashboard is how the 2018 Tesla cryptojacking began). This control finds admin UIs still deployed. Bindings whose subjects or roles no longer exist are judged by the RBAC controls, and how long a workload has been scaled to zero cannot be read from manifests.',
    remediation: 'Remove admin UIs that are not in use; give operators kubectl (or a desktop client) with RBAC-scoped credentials instead.',
    messages: {
      adminUi: 'Container "{{container}}" runs {{ui}} ({{image}}), an in-cluster admin console.',
      dashboardAccount:
        'The pod runs as the {{serviceAccount}} service account, which holds the Kubernetes Dashboard\'s rights.',
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
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/web:2.3.1
`,
  },
  *check(workload) {
    let dashboardImage = false;
    for (const container of workload.containers) {
      const image = asString(container.spec['image'])?.trim();
      const ui = image ? adminUiOf(image) : undefined;
      if (!image || !ui) continue;
      if (ui.name === 'Kubernetes Dashboard') dashboardImage = true;
      yield { messageId: 'adminUi', data: { ui: ui.name, image }, path: [...container.path, 'image'], container: container.name };
    }
    if (dashboardImage) return;
    for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
      if (asString(workload.podSpec[field]) !== dashboardServiceAccount) continue;
      yield { messageId: 'dashboardAccount', data: { serviceAccount: dashboardServiceAccount }, path: [...workload.podSpecPath, field] };
      return;
    }
  },
});
