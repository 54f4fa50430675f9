import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { endOfLifeComponents, type EndOfLifeComponent } from './data/end-of-life.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-UPG-003'),
    slug: 'end-of-life-components',
    rationale:
      'A component whose project has ended gets no security fixes: every vulnerability found from then on stays open. The guidance asks to remove old components; an end-of-life image cannot be patched, only replaced.',
    remediation: 'Migrate to the maintained replacement named in the finding, then remove the old component and its images from the deployment pipeline.',
    messages: {
      endOfLife: 'Container "{{container}}" runs {{image}}, an image of {{component}}, which was {{ended}}; migrate to {{replacement}}.',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: metrics-server}
  template:
    metadata:
      labels: {app: metrics-server}
    spec:
      containers:
        - name: metrics-server
          image: registry.k8s.io/metrics-server/metrics-server:v0.8.0
`,
  },
  *check(container) {
    const image = asString(container.spec['image'])?.trim();
    if (!image) return;
    for (const component of componentsOf(image)) {
      yield {
        messageId: 'endOfLife',
        data: { image, component: component.name, ended: component.ended, replacement: component.replacement },
        path: [...container.path, 'image'],
      };
    }
  },
});

/** The components an image is, remembered by image: a large cluster runs the same images many times. */
const componentsByImage = new Map<string, readonly EndOfLifeComponent[]>();

function componentsOf(image: string): readonly EndOfLifeComponent[] {
  let found = componentsByImage.get(image);
  if (!found) {
    if (componentsByImage.size >= 10_000) componentsByImage.clear();
    componentsByImage.set(image, (found = endOfLifeComponents.filter((component) => component.matches(image))));
  }
  return found;
}
