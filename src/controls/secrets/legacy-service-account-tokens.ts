import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';

const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SERVICE_ACCOUNT_ANNOTATION = 'kubernetes.io/service-account.name';
// Set by the kube-controller-manager's legacy token tracking (GA in v1.30) and clean-up (GA in v1.31).
const LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';
const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

export default defineControl({
  target: 'resource',
  kinds: ['/Secret'],
  meta: {
    ...catalogFields('NSA-SEC-007'),
    slug: 'legacy-service-account-tokens',
    rationale:
      'A Secret of type kubernetes.io/service-account-token holds a bearer token that never expires and is not bound to a pod: whoever copies it can use it from outside the cluster for as long as the service account exists. Pods get short-lived, audience-bound projected tokens instead.',
    remediation:
      'Delete the Secret. Pods need nothing (they get projected tokens); an external client can request a time-limited token with kubectl create token or the TokenRequest API.',
    messages: {
      legacyToken: 'Secret {{name}} is a long-lived token of service account {{serviceAccount}}{{usage}}.',
    },
    example: `apiVersion: v1
kind: Secret
metadata:
  name: api-db
  namespace: shop
type: Opaque
stringData:
  username: api
`,
  },
  *check(secret) {
    if (asString(secret.object['type'])?.trim() !== SERVICE_ACCOUNT_TOKEN_TYPE) return;
    const metadata = asRecord(secret.object['metadata']);
    const serviceAccount = asString(asRecord(metadata?.['annotations'])?.[SERVICE_ACCOUNT_ANNOTATION]) ?? '(not named)';
    const labels = asRecord(metadata?.['labels']);
    const invalidSince = asString(labels?.[INVALID_SINCE_LABEL]);
    const lastUsed = asString(labels?.[LAST_USED_LABEL]);
    const usage = invalidSince
      ? `, already invalidated on ${invalidSince} for lack of use`
      : lastUsed
        ? `, last used on ${lastUsed}`
        : '';
    yield { messageId: 'legacyToken', data: { name: secret.ref.name, serviceAccount, usage }, path: ['type'] };
  },
});
