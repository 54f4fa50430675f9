import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { capabilities, capabilityName } from './support.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-012'),
    slug: 'drop-all-capabilities',
    rationale:
      'Container runtimes grant a default set of Linux capabilities (NET_RAW, CHOWN, SETUID and more) that most applications never use. App. C requires dropping ALL and adding back only what is needed.',
    remediation: 'Set securityContext.capabilities.drop: ["ALL"] and add back only the capabilities the workload needs.',
    messages: { notDropped: 'Container "{{container}}" does not drop ALL capabilities.' },
  },
  *check(container) {
    const { drop, path } = capabilities(container);
    if (!drop.some((c) => capabilityName(c) === 'ALL')) {
      yield { messageId: 'notDropped', path: [...path, 'drop'] };
    }
  },
});
