import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { isWindowsPod, podAnnotations } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { deliberateOptOut, fix, remove, set } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-014'),
    slug: 'seccomp-profile',
    fixable: true,
    rationale:
      'Without a seccomp profile a container can call every system call of the host kernel; seccomp is disabled by default in Kubernetes. RuntimeDefault blocks the calls most kernel exploits need.',
    remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault at pod level (or Localhost with a localhostProfile).',
    messages: {
      unset: 'Container "{{container}}" has no seccomp profile, so it runs Unconfined.',
      unconfined: 'Container "{{container}}" runs with the Unconfined seccomp profile.',
      localhostWithoutProfile: 'Container "{{container}}" uses a Localhost seccomp profile without localhostProfile.',
      unconfinedAnnotation: 'The annotation {{annotation}} sets seccomp to unconfined for container "{{container}}".',
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
              # The container runtime's default profile, for every container of the pod.
              seccompProfile:
                type: RuntimeDefault
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
              - name: worker
                image: registry.example.com/shop/worker:1.4.2
                securityContext:
                  # A stricter profile of its own, installed on the nodes under the kubelet's seccomp folder.
                  seccompProfile:
                    type: Localhost
                    localhostProfile: profiles/shop-worker.json
    `,
  },
  *check(container, { settings }) {
    const workload = container.workload;
    const optOut = deliberateOptOut(workload, settings, 'seccomp Unconfined');
    if (isWindowsPod(workload)) return;
    const annotations = podAnnotations(workload);
    for (const key of ['seccomp.security.alpha.kubernetes.io/pod', `container.seccomp.security.alpha.kubernetes.io/${container.name}`]) {
      if (asString(annotations[key])?.toLowerCase() === 'unconfined') {
        const path = [...workload.podMetadataPath, 'annotations', key];
        yield { messageId: 'unconfinedAnnotation', data: { annotation: key }, path, fix: fix([remove(path)], optOut) };
      }
    }
    const { seccompProfile } = container.security;
    const profile = asRecord(seccompProfile.value);
    const type = asString(profile?.['type']);
    // Unset: once for the whole pod, as the guidance's remediation says; set: where it is set.
    const runtimeDefault = fix([
      seccompProfile.from === 'unset'
        ? set([...workload.podSpecPath, 'securityContext', 'seccompProfile'], { type: 'RuntimeDefault' })
        : set(seccompProfile.path, { type: 'RuntimeDefault' }),
    ]);
    if (type === undefined) {
      yield { messageId: 'unset', path: seccompProfile.from === 'unset' ? seccompProfile.path : [...seccompProfile.path, 'type'], fix: runtimeDefault };
    } else if (type === 'Unconfined') {
      yield { messageId: 'unconfined', path: [...seccompProfile.path, 'type'], fix: optOut === undefined ? runtimeDefault : fix(runtimeDefault.ops, optOut) };
    } else if (type === 'Localhost' && !asString(profile?.['localhostProfile'])) {
      yield { messageId: 'localhostWithoutProfile', path: [...seccompProfile.path, 'localhostProfile'], fix: runtimeDefault };
    }
  },
});
