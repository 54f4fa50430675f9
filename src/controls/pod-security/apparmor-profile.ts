import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { isWindowsPod, podAnnotations, securityContexts } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { deliberateOptOut, fix, set } from '../fixes.js';

const annotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-015'),
    slug: 'apparmor-profile',
    fixable: true,
    rationale:
      "AppArmor confines what a container's processes may touch on the host. An Unconfined profile switches that confinement off.",
    remediation: 'Use appArmorProfile.type: RuntimeDefault (or Localhost); remove Unconfined profiles and annotations.',
    messages: {
      unconfined: 'AppArmor is set to Unconfined{{where}}.',
      annotation: 'The annotation {{annotation}} sets the AppArmor profile "{{value}}"; only runtime/default and localhost/* are allowed.',
      missing: 'No AppArmor profile is set for container "{{container}}" (strict mode).',
    },
    example: yaml`
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
            securityContext:
              appArmorProfile:
                type: RuntimeDefault
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
              - name: worker
                image: registry.example.com/shop/worker:1.4.2
                securityContext:
                  # A profile loaded on the nodes; never Unconfined.
                  appArmorProfile:
                    type: Localhost
                    localhostProfile: shop-worker
    `,
  },
  *check(workload, { settings }) {
    if (isWindowsPod(workload)) return;
    const optOut = deliberateOptOut(workload, settings, 'AppArmor Unconfined');
    for (const { context, path, container } of securityContexts(workload)) {
      const type = asString(asRecord(context['appArmorProfile'])?.['type']);
      if (type === 'Unconfined') {
        yield {
          messageId: 'unconfined',
          ...(container ? { container } : {}),
          data: { where: container ? ` for container "${container}"` : ' for the pod' },
          path: [...path, 'appArmorProfile', 'type'],
          fix: fix([set([...path, 'appArmorProfile'], { type: 'RuntimeDefault' })], optOut),
        };
      }
    }
    const annotations = podAnnotations(workload);
    for (const [key, raw] of Object.entries(annotations)) {
      if (!key.startsWith(annotationPrefix)) continue;
      const value = typeof raw === 'string' ? raw : String(raw);
      if (value === 'runtime/default' || value.startsWith('localhost/')) continue;
      yield {
        messageId: 'annotation',
        container: key.slice(annotationPrefix.length),
        data: { annotation: key, value },
        path: [...workload.podMetadataPath, 'annotations', key],
        fix: fix([set([...workload.podMetadataPath, 'annotations', key], 'runtime/default')], value === 'unconfined' ? optOut : undefined),
      };
    }
    if (!settings.strictAppArmor) return;
    for (const container of workload.containers) {
      if (container.security.appArmorProfile.value !== undefined) continue;
      if (annotations[annotationPrefix + container.name] !== undefined) continue;
      yield {
        messageId: 'missing',
        container: container.name,
        path: container.security.appArmorProfile.path,
        fix: fix([set(container.security.appArmorProfile.path, { type: 'RuntimeDefault' })]),
      };
    }
  },
});
