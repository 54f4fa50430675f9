import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove, set } from '../fixes.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-010'),
    slug: 'host-path-volumes',
    fixable: true,
    rationale:
      "A hostPath volume exposes the node's file system to the pod: with write access (or a path such as /var/run/docker.sock or /etc) it is a direct route to the node.",
    remediation:
      'Use emptyDir, persistentVolumeClaim, configMap, secret or projected volumes. Where a hostPath is unavoidable, add its path to the allow-list (--allowed-host-paths) and mount it read-only everywhere.',
    messages: {
      hostPath: 'Volume "{{volume}}" mounts the host path {{hostPath}}.',
      hostPathWritable: 'Volume "{{volume}}" mounts the allow-listed host path {{hostPath}}, but container "{{container}}" mounts it writable.',
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
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                volumeMounts:
                  - {name: cache, mountPath: /var/cache/web}
                  - {name: uploads, mountPath: /srv/uploads}
                  - {name: config, mountPath: /etc/web, readOnly: true}
            # No hostPath: scratch space, persistent storage and configuration come from
            # volumes that do not expose the node's file system.
            volumes:
              - name: cache
                emptyDir: {}
              - name: uploads
                persistentVolumeClaim:
                  claimName: web-uploads
              - name: config
                configMap:
                  name: web-config
    `,
  },
  *check(workload, { settings }) {
    const volumes = asArray(workload.podSpec['volumes']);
    for (let index = 0; index < volumes.length; index++) {
      const volume = asRecord(volumes[index]);
      const hostPath = asRecord(volume?.['hostPath']);
      if (!volume || volume['hostPath'] === undefined || volume['hostPath'] === null) continue;
      const name = asString(volume['name']) ?? `volumes[${index}]`;
      const path = asString(hostPath?.['path']) ?? '';
      const hostPathField = [...workload.podSpecPath, 'volumes', index, 'hostPath'];
      if (!isAllowed(path, settings.allowedHostPaths)) {
        // An emptyDir in place of the node's files is what the guidance asks for, but the workload may need them.
        const volumePath = [...workload.podSpecPath, 'volumes', index];
        yield {
          messageId: 'hostPath',
          data: { volume: name, hostPath: path || '(no path)' },
          path: hostPathField,
          fix: fix(
            [remove([...volumePath, 'hostPath']), set([...volumePath, 'emptyDir'], {})],
            hostAccessNeeded(workload, settings) ??
              `the workload reads or writes the node's ${path || 'files'}: an emptyDir in its place holds none of them; use a PersistentVolumeClaim, ConfigMap or Secret if it needs data`,
          ),
        };
        continue;
      }
      for (const container of workload.containers) {
        const mounts = asArray(container.spec['volumeMounts']);
        for (let m = 0; m < mounts.length; m++) {
          const mount = asRecord(mounts[m]);
          if (mount?.['name'] !== name || mount['readOnly'] === true) continue;
          yield {
            messageId: 'hostPathWritable',
            container: container.name,
            data: { volume: name, hostPath: path },
            path: [...container.path, 'volumeMounts', m, 'readOnly'],
            fix: fix([set([...container.path, 'volumeMounts', m, 'readOnly'], true)], hostAccessNeeded(workload, settings)),
          };
        }
      }
    }
  },
});

/** An allow-listed path allows itself and everything under it. */
function isAllowed(path: string, allowed: readonly string[]): boolean {
  const clean = path.replace(/\/+$/, '');
  return clean !== '' && allowed.some((a) => {
    const prefix = a.replace(/\/+$/, '');
    return clean === prefix || clean.startsWith(prefix + '/');
  });
}
