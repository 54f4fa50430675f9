import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { imageRegistry } from '../../core/images.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-032'),
    slug: 'trusted-registries',
    rationale:
      'Images from registries the organisation does not control can change under the same tag and are not covered by its scanning and signing. The guidance asks for images from trusted repositories.',
    remediation: 'Mirror the images into an approved registry and reference them from there; configure the list with --trusted-registries.',
    messages: { untrusted: 'Container "{{container}}" pulls {{image}} from {{registry}}, which is not a trusted registry.' },
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
              # Images come from the organisation's registry, where they are scanned and signed;
              # public images are mirrored into it first.
              - name: web
                image: registry.example.com/shop/web:1.4.2
              - name: proxy
                image: registry.example.com/mirror/envoyproxy/envoy:v1.31.2
    `,
    exampleSettings: { trustedRegistries: ['registry.example.com'] },
  },
  precondition({ settings }) {
    if (settings.trustedRegistries.length > 0) return undefined;
    return {
      status: 'not-evaluated',
      reason: 'no trusted registries configured (--trusted-registries); the report lists the images and registries in use',
    };
  },
  *check(container, { settings }) {
    const image = asString(container.spec['image']);
    if (!image) return;
    const registry = imageRegistry(image);
    const trusted = settings.trustedRegistries.some((t) => {
      const entry = t.replace(/\/+$/, '');
      return entry === registry || image.startsWith(entry + '/');
    });
    if (!trusted) yield { messageId: 'untrusted', data: { image, registry }, path: [...container.path, 'image'] };
  },
});
