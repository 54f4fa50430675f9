import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { parseImageReference } from '../../core/images.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-033'),
    slug: 'image-tag-pinned',
    rationale:
      'An image without a tag, or tagged latest, changes under the same name: what runs is not what was scanned and reviewed. Only a digest pins the exact image.',
    remediation: 'Reference images by a version tag and digest: registry/name:1.2.3@sha256:....',
    messages: {
      latest: 'Container "{{container}}" uses the image {{image}}, which is {{why}}.',
      noDigest: 'Container "{{container}}" uses {{image}} without a @sha256 digest.',
    },
  },
  *check(container) {
    const image = asString(container.spec['image']);
    if (!image) return;
    const path = [...container.path, 'image'];
    const { tag, digest } = parseImageReference(image);
    if (digest) return;
    if (tag === undefined || tag === 'latest') {
      yield { messageId: 'latest', data: { image, why: tag ? 'tagged latest' : 'untagged (latest)' }, path };
      return;
    }
    yield { messageId: 'noDigest', data: { image }, path, status: 'warning' };
  },
});
