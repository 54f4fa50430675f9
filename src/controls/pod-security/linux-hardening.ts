import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { asRecord, asString } from '../../core/values.js';
import { capabilities, isWindowsPod, podAnnotations } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { deliberateOptOut, fix, set } from '../fixes.js';

const unconfinedSelinuxTypes = new Set(['spc_t', 'unconfined_t']);

function confines(profileType: string | undefined): boolean {
  return profileType === 'RuntimeDefault' || profileType === 'Localhost';
}

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-017'),
    slug: 'linux-hardening',
    fixable: true,
    rationale:
      'Seccomp, AppArmor, SELinux and dropped capabilities each limit what a compromised container can do to the kernel. A container with none of them relies on the runtime defaults alone.',
    remediation: 'Apply at least a RuntimeDefault seccomp profile and drop ALL capabilities.',
    messages: {
      noHardening: 'Container "{{container}}" has no confining seccomp profile, AppArmor profile, SELinux options or dropped capabilities.',
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
              seccompProfile:
                type: RuntimeDefault
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  capabilities:
                    drop: ["ALL"]
    `,
  },
  *check(container, { settings }) {
    if (isWindowsPod(container.workload)) return;
    const { seccompProfile, appArmorProfile, seLinuxOptions } = container.security;
    // A setting that switches confinement off (Unconfined, spc_t) is not hardening.
    if (confines(asString(asRecord(seccompProfile.value)?.['type']))) return;
    if (confines(asString(asRecord(appArmorProfile.value)?.['type']))) return;
    const annotation = asString(podAnnotations(container.workload)[`container.apparmor.security.beta.kubernetes.io/${container.name}`]);
    if (annotation === 'runtime/default' || annotation?.startsWith('localhost/')) return;
    const selinux = asRecord(seLinuxOptions.value);
    if (selinux && !unconfinedSelinuxTypes.has(asString(selinux['type']) ?? '')) return;
    if (capabilities(container).drop.length > 0) return;
    const seccomp = seccompProfile.from === 'unset' ? [...container.workload.podSpecPath, 'securityContext', 'seccompProfile'] : seccompProfile.path;
    // Replacing a profile the manifest turned off on purpose is NSA-POD-014's call, with its caution.
    const optOut =
      asString(asRecord(seccompProfile.value)?.['type']) === 'Unconfined'
        ? deliberateOptOut(container.workload, settings, 'seccomp Unconfined')
        : undefined;
    yield { messageId: 'noHardening', path: [...container.path, 'securityContext'], fix: fix([set(seccomp, { type: 'RuntimeDefault' })], optOut) };
  },
});
