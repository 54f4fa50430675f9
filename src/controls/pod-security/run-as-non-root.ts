import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import type { ControlFix } from '../../core/fix.js';
import type { ScanSettings } from '../../engine/settings.js';
import type { ContainerView } from '../../normalize/workload.js';
import { fix, fixDefaults, hostAccessNeeded, podSecurityContextPath, set } from '../fixes.js';
import { isWindowsPod } from './support.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-001'),
    slug: 'run-as-non-root',
    fixable: true,
    rationale:
      'A container that runs as root gives an attacker who breaks into it root on the container file system and a short path to the node through any kernel or runtime flaw. The guidance asks for containers that run as a non-root user.',
    remediation: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser (1000 or above).',
    messages: {
      mayRunAsRoot: 'Container "{{container}}" may run as root: runAsNonRoot is not true and runAsUser is {{runAsUser}}.',
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
              # Set once for the pod: every container inherits it.
              runAsNonRoot: true
              runAsUser: 10001
              runAsGroup: 10001
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(container, { settings }) {
    const { runAsNonRoot, runAsUser } = container.security;
    if (runAsNonRoot.value === true) return;
    const uid = runAsUser.value;
    if (typeof uid === 'number' && uid !== 0) return;
    yield {
      messageId: 'mayRunAsRoot',
      data: { runAsUser: uid === undefined ? 'unset' : String(uid) },
      path: runAsNonRoot.path,
      ...(isWindowsPod(container.workload) ? {} : { fix: runAsNonRootFix(container, settings) }),
    };
  },
});

/**
 * runAsNonRoot: true where the effective value is set (the pod, unless the container overrides it), and a
 * non-zero UID and GID for the pod when none is set, so that the kubelet can verify the user without
 * relying on the image's USER. A UID 0 asked for explicitly means the image may need root: suggestion only.
 */
function runAsNonRootFix(container: ContainerView, settings: ScanSettings): ControlFix {
  const { runAsNonRoot, runAsUser, runAsGroup } = container.security;
  const pod = podSecurityContextPath(container.workload);
  const defaults = fixDefaults(settings);
  // A container that asks for UID 0 itself would inherit a pod-level runAsNonRoot and be refused: then the
  // fix stays on this container.
  const podLevel = !container.workload.containers.some((c) => c.securityContext['runAsUser'] === 0 && c.securityContext['runAsNonRoot'] === undefined);
  const here = podLevel ? pod : [...container.path, 'securityContext'];
  const ops = [set(runAsNonRoot.from === 'container' ? runAsNonRoot.path : [...here, 'runAsNonRoot'], true)];
  if (runAsUser.value === undefined) ops.push(set([...here, 'runAsUser'], defaults.runAsUser));
  else if (runAsUser.value === 0) ops.push(set(runAsUser.path, defaults.runAsUser));
  if (runAsGroup.value === undefined) ops.push(set([...pod, 'runAsGroup'], defaults.runAsGroup));
  const explicitRoot =
    runAsUser.value === 0
      ? `runAsUser: 0 is set explicitly (${runAsUser.from} level): the image may need root; make it run as a non-root user first`
      : undefined;
  return fix(ops, explicitRoot ?? hostAccessNeeded(container.workload, settings));
}
