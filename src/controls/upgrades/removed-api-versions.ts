import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { removedApiFor, removedApiKinds, resolveReplacement } from './data/api-lifecycle.js';

export default defineControl({
  target: 'resource',
  live: {
    notEvaluated:
      'a live cluster serves every object at the version it is asked for, so its objects show no removed apiVersion; check the manifests and charts that deploy them, and the apiserver_requested_deprecated_apis metric',
  },
  kinds: removedApiKinds,
  meta: {
    ...catalogFields('NSA-UPG-004'),
    slug: 'removed-api-versions',
    rationale:
      'A manifest written against an API version the cluster no longer serves fails to apply, and a pipeline that keeps such manifests keeps old components around. The guidance asks to remove old components from the environment and the deployment pipeline; deprecated versions are the ones the next upgrade will remove.',
    remediation:
      'Rewrite the manifest with the replacement apiVersion (kubectl convert helps), applying the field changes the Kubernetes deprecated API migration guide lists. The target version is --pss-version.',
    messages: {
      removed:
        '{{apiVersion}} {{kind}} is no longer served by Kubernetes {{target}} (removed in v1.{{removedIn}}); use {{replacement}} (available since v1.{{replacementSince}}).',
      deprecated:
        '{{apiVersion}} {{kind}} is deprecated since v1.{{deprecatedIn}} and removed in v1.{{removedIn}}; use {{replacement}} (available since v1.{{replacementSince}}).',
    },
    example: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/report:1.4.2
`,
  },
  *check(resource, { settings }) {
    const api = removedApiFor(resource.ref.apiVersion, resource.ref.kind);
    if (!api) return;
    const target = settings.pssVersion.minor;
    const { replacement, since } = resolveReplacement(api, target);
    const data = {
      apiVersion: resource.ref.apiVersion,
      kind: resource.ref.kind,
      target: `v1.${target}`,
      deprecatedIn: api.deprecatedIn,
      removedIn: api.removedIn,
      replacement,
      replacementSince: since,
    };
    if (target >= api.removedIn) yield { messageId: 'removed', data, path: ['apiVersion'] };
    else if (target >= api.deprecatedIn) yield { messageId: 'deprecated', data, path: ['apiVersion'], status: 'warning' };
  },
});
