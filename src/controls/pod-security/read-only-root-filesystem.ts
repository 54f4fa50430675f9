import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import type { PatchOp } from '../../core/fix.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import type { ContainerView } from '../../normalize/workload.js';
import { fix, lazyFix, set } from '../fixes.js';
import { isWindowsPod } from './support.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-005'),
    slug: 'read-only-root-filesystem',
    fixable: true,
    rationale:
      'A writable root file system lets an attacker drop tools, change binaries and persist inside the container. The guidance asks for immutable container file systems, with emptyDir volumes for the paths that must be writable (App. B).',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the application writes to.',
    messages: { writableRoot: 'Container "{{container}}" has a writable root file system.' },
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
            initContainers:
              - name: migrate
                image: registry.example.com/shop/migrate:1.4.2
                securityContext:
                  readOnlyRootFilesystem: true
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  readOnlyRootFilesystem: true
                volumeMounts:
                  # The paths the application writes to get their own scratch volume (guidance App. B).
                  - name: tmp
                    mountPath: /tmp
            volumes:
              - name: tmp
                emptyDir: {}
    `,
  },
  *check(container) {
    if (container.role === 'ephemeral' || isWindowsPod(container.workload)) return;
    if (container.securityContext['readOnlyRootFilesystem'] !== true) {
      const path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
      yield { messageId: 'writableRoot', path, fix: lazyFix(() => fix([set(path, true), ...writablePathOps(container)], privilegedWriter(container))) };
    }
  },
});

/**
 * Why a read-only root file system is only suggested for a privileged container: with every capability it can
 * remount its root read-write, so the setting protects nothing until privileged goes, while the node agents
 * that run privileged write to their image (calico-node's confd renders BIRD's configuration under /etc/calico).
 */
function privilegedWriter(container: ContainerView): string | undefined {
  if (container.securityContext['privileged'] !== true) return undefined;
  return `container "${container.name}" runs privileged: it could remount its root file system read-write, and privileged agents often write to their image (calico-node does); set it once the container runs without privileged`;
}

/**
 * Paths a container writes to at run time, which get an emptyDir once the root file system is read-only
 * (App. B): /tmp for every container, and the run-time folders of images known to write elsewhere.
 */
const writablePaths: readonly { readonly image: RegExp; readonly paths: readonly string[] }[] = [
  { image: /.*/, paths: ['/tmp'] },
  { image: /(^|\/)nginx(-unprivileged)?(:|@|$)/, paths: ['/var/cache/nginx', '/var/run'] },
  { image: /(^|\/)postgres(ql)?(:|@|$)/, paths: ['/var/run/postgresql'] },
  { image: /(^|\/)httpd(:|@|$)/, paths: ['/usr/local/apache2/logs'] },
];

function writablePathOps(container: ContainerView): PatchOp[] {
  const image = asString(container.spec['image']) ?? '';
  const mounted = asArray(container.spec['volumeMounts']).map((m) => asString(asRecord(m)?.['mountPath'])?.replace(/\/+$/, '') ?? '');
  const volumes = new Set(asArray(container.workload.podSpec['volumes']).map((v) => asString(asRecord(v)?.['name'])));
  const ops: PatchOp[] = [];
  for (const path of writablePaths.filter((w) => w.image.test(image)).flatMap((w) => w.paths)) {
    if (mounted.some((m) => m !== '' && (path === m || path.startsWith(m + '/')))) continue;
    let name = `${container.name}${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
    if (volumes.has(name)) continue; // a volume of that name exists: do not guess what it holds
    volumes.add(name);
    ops.push(set([...container.workload.podSpecPath, 'volumes', '-'], { name, emptyDir: {} }));
    ops.push(set([...container.path, 'volumeMounts', '-'], { name, mountPath: path }));
  }
  return ops;
}
