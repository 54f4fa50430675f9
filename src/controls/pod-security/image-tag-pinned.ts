import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { parseImageReference, isWellFormedDigest } from '../../core/images.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

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
      malformedDigest: 'Container "{{container}}" uses {{image}}, whose digest is not well formed (OCI image spec): it pins nothing.',
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
              # The tag says which release it is; the digest (as the registry reports it for
              # that tag) pins the exact image that was scanned and reviewed.
              - name: web
                image: registry.example.com/shop/web:1.4.2@sha256:3f1c4a8e9b2d7c6f5e4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e
    `,
  },
  *check(container) {
    const image = asString(container.spec['image']);
    if (!image) return;
    const path = [...container.path, 'image'];
    const { tag, digest } = parseImageReference(image);
    if (digest !== undefined) {
      if (!isWellFormedDigest(digest)) yield { messageId: 'malformedDigest', data: { image }, path, status: 'warning' };
      return;
    }
    if (tag === undefined || tag === 'latest') {
      yield { messageId: 'latest', data: { image, why: tag ? 'tagged latest' : 'untagged (latest)' }, path };
      return;
    }
    yield { messageId: 'noDigest', data: { image }, path, status: 'warning' };
  },
});
