import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-005'),
    slug: 'read-only-root-filesystem',
    rationale:
      'A writable root file system lets an attacker drop tools, change binaries and persist inside the container. The guidance asks for immutable container file systems, with emptyDir volumes for the paths that must be writable (App. B).',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the application writes to.',
    messages: { writableRoot: 'Container "{{container}}" has a writable root file system.' },
  },
  *check(container) {
    if (container.role === 'ephemeral') return;
    if (container.securityContext['readOnlyRootFilesystem'] !== true) {
      yield { messageId: 'writableRoot', path: [...container.path, 'securityContext', 'readOnlyRootFilesystem'] };
    }
  },
});
