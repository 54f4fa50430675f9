import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import type { ControlFix, PatchOp } from '../../core/fix.js';
import type { ScanSettings } from '../../engine/settings.js';
import type { ContainerView } from '../../normalize/workload.js';
import { addedCapabilityNeeded, fix, hostAccessNeeded, remove, set } from '../fixes.js';
import { capabilities, capabilityName, isWindowsPod } from './support.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-007'),
    slug: 'privilege-escalation',
    fixable: true,
    rationale:
      'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent through setuid binaries or file capabilities. The default is true.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    messages: {
      escalationAllowed: 'Container "{{container}}" allows privilege escalation (allowPrivilegeEscalation is {{value}}).',
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
            initContainers:
              - name: migrate
                image: registry.example.com/shop/migrate:1.4.2
                securityContext:
                  allowPrivilegeEscalation: false
            containers:
              # The default is true, so every container, init containers included, sets it explicitly.
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  allowPrivilegeEscalation: false
    `,
  },
  *check(container, { settings }) {
    if (isWindowsPod(container.workload)) return;
    const value = container.securityContext['allowPrivilegeEscalation'];
    if (value !== false) {
      yield {
        messageId: 'escalationAllowed',
        data: { value: value === undefined ? 'unset, and defaults to true' : JSON.stringify(value) },
        path: [...container.path, 'securityContext', 'allowPrivilegeEscalation'],
        fix: escalationFix(container, settings),
      };
    }
  },
});

/**
 * allowPrivilegeEscalation: false. The API server refuses it on a privileged container or one that adds
 * SYS_ADMIN, so the fix takes those away too: it is then as risky as taking them away.
 */
function escalationFix(container: ContainerView, settings: ScanSettings): ControlFix {
  const context = [...container.path, 'securityContext'];
  const ops: PatchOp[] = [set([...context, 'allowPrivilegeEscalation'], false)];
  let hostAccess = false;
  let sysAdminAdded = false;
  if (container.securityContext['privileged'] === true) {
    ops.push(remove([...context, 'privileged']));
    hostAccess = true;
  }
  const { add, path } = capabilities(container);
  add.forEach((cap, i) => {
    if (capabilityName(cap) !== 'SYS_ADMIN') return;
    ops.push(remove([...path, 'add', i]));
    sysAdminAdded = true;
  });
  if (sysAdminAdded) return fix(ops, addedCapabilityNeeded(container.workload, settings, 'SYS_ADMIN'));
  return fix(ops, hostAccess ? hostAccessNeeded(container.workload, settings) : fileCapabilitiesNeeded(container));
}

/**
 * A container that writes allowPrivilegeEscalation: true and adds capabilities, running as a user other than
 * root: its processes get those capabilities only through file capabilities (setcap) of their binaries, which
 * no_new_privs turns off. ingress-nginx's controller binds ports 80 and 443 that way.
 */
function fileCapabilitiesNeeded(container: ContainerView): string | undefined {
  if (container.securityContext['allowPrivilegeEscalation'] !== true || capabilities(container).add.length === 0) return undefined;
  if (container.security.runAsUser.value === 0) return undefined;
  return `allowPrivilegeEscalation: true is set explicitly on a container that adds capabilities and may run as a non-root user: such a process gets them only through file capabilities, which allowPrivilegeEscalation: false turns off (ingress-nginx binds port 80 this way); set it once the workload works without`;
}
