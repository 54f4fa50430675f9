import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { capabilities, podAnnotations } from './support.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-017'),
    slug: 'linux-hardening',
    rationale:
      'Seccomp, AppArmor, SELinux and dropped capabilities each limit what a compromised container can do to the kernel. A container with none of them relies on the runtime defaults alone.',
    remediation: 'Apply at least a RuntimeDefault seccomp profile and drop ALL capabilities.',
    messages: {
      noHardening: 'Container "{{container}}" has no seccomp profile, AppArmor profile, SELinux options or dropped capabilities.',
    },
  },
  *check(container) {
    const { seccompProfile, appArmorProfile, seLinuxOptions } = container.security;
    if (seccompProfile.value !== undefined || appArmorProfile.value !== undefined || seLinuxOptions.value !== undefined) return;
    if (podAnnotations(container.workload)[`container.apparmor.security.beta.kubernetes.io/${container.name}`] !== undefined) return;
    if (capabilities(container).drop.length > 0) return;
    yield { messageId: 'noHardening', path: [...container.path, 'securityContext'] };
  },
});
