import { defineControl } from '../../core/control.js';
import { asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { securityContexts } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, remove } from '../fixes.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-020'),
    slug: 'windows-host-process',
    rationale: 'A Windows HostProcess container runs directly on the Windows node with host privileges: it is the Windows form of a privileged container.',
    remediation: 'Remove windowsOptions.hostProcess (or set it to false).',
    messages: { hostProcess: 'Windows HostProcess is enabled{{where}}.' },
    example: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: report-service
        namespace: shop
      spec:
        selector:
          matchLabels: {app: report-service}
        template:
          metadata:
            labels: {app: report-service}
          spec:
            os:
              name: windows
            securityContext:
              windowsOptions:
                # An ordinary Windows container user; hostProcess stays false.
                runAsUserName: ContainerUser
                hostProcess: false
            containers:
              - name: report-service
                image: registry.example.com/shop/report-service:3.2.0
    `,
  },
  *check(workload) {
    for (const { context, path, container } of securityContexts(workload)) {
      if (asRecord(context['windowsOptions'])?.['hostProcess'] === true) {
        yield {
          messageId: 'hostProcess',
          ...(container ? { container } : {}),
          data: { where: container ? ` for container "${container}"` : ' for the pod' },
          path: [...path, 'windowsOptions', 'hostProcess'],
          fix: fix(
            [remove([...path, 'windowsOptions', 'hostProcess'])],
            'a HostProcess container is built to run on the Windows host (and needs hostNetwork): it will not work as a normal container',
          ),
        };
      }
    }
  },
});
