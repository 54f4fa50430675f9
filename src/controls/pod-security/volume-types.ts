import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

/** Volume sources of the restricted Pod Security Standard. */
const restrictedAllowed = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
/** App. C of the guidance lists only these (no csi, ephemeral or image). */
const strictAllowed = new Set(['configMap', 'downwardAPI', 'emptyDir', 'persistentVolumeClaim', 'projected', 'secret']);

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-021'),
    slug: 'volume-types',
    rationale:
      'Volume sources such as hostPath, nfs, iscsi or gitRepo reach outside the pod: to the node, to network storage the pod should not address directly, or (gitRepo) to code that runs on the node.',
    remediation: 'Use configMap, secret, projected, downwardAPI, emptyDir or persistentVolumeClaim volumes backed by admin-defined PersistentVolumes.',
    messages: { forbidden: 'Volume "{{volume}}" uses the {{type}} source, which is not an allowed volume type.' },
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
                  - {name: scratch, mountPath: /tmp}
                  - {name: data, mountPath: /srv/data}
                  - {name: config, mountPath: /etc/web, readOnly: true}
                  - {name: tls, mountPath: /etc/tls, readOnly: true}
                  - {name: podinfo, mountPath: /etc/podinfo, readOnly: true}
            # Only volume types that stay inside the pod or go through admin-defined PersistentVolumes.
            volumes:
              - name: scratch
                emptyDir: {}
              - name: data
                persistentVolumeClaim:
                  claimName: web-data
              - name: config
                configMap:
                  name: web-config
              - name: tls
                secret:
                  secretName: web-tls
              - name: podinfo
                downwardAPI:
                  items:
                    - path: labels
                      fieldRef:
                        fieldPath: metadata.labels
    `,
  },
  *check(workload, { settings }) {
    const allowed = settings.strictVolumeTypes ? strictAllowed : restrictedAllowed;
    const volumes = asArray(workload.podSpec['volumes']);
    for (let i = 0; i < volumes.length; i++) {
      const volume = asRecord(volumes[i]);
      if (!volume) continue;
      for (const [type, source] of Object.entries(volume)) {
        if (type === 'name' || source === undefined || source === null || allowed.has(type)) continue;
        yield {
          messageId: 'forbidden',
          data: { volume: asString(volume['name']) ?? `volumes[${i}]`, type },
          path: [...workload.podSpecPath, 'volumes', i, type],
        };
      }
    }
  },
});
