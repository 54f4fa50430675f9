import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { Resource } from '../../core/resource.js';
import type { Path } from '../../core/path.js';

const VALIDATING = 'admissionregistration.k8s.io/ValidatingWebhookConfiguration';
const MUTATING = 'admissionregistration.k8s.io/MutatingWebhookConfiguration';
const KYVERNO_CLUSTER_POLICY = 'kyverno.io/ClusterPolicy';
const KYVERNO_POLICY = 'kyverno.io/Policy';

/**
 * Admission webhooks that verify images (signatures, attestations or scan results), recognised by the
 * webhook name or the service that serves it. Kyverno counts only with a verifyImages policy that enforces.
 */
const verifiers: readonly { name: string; pattern: RegExp }[] = [
  { name: 'sigstore policy-controller', pattern: /policy\.sigstore\.dev|policy-controller/ },
  { name: 'Connaisseur', pattern: /connaisseur/ },
  { name: 'Ratify', pattern: /ratify/ },
  { name: 'Prisma Cloud', pattern: /twistlock|prisma/ },
  { name: 'Aqua KubeEnforcer', pattern: /kube-enforcer|aquasec/ },
  { name: 'Sysdig admission controller', pattern: /sysdig-admission/ },
  { name: 'NeuVector', pattern: /neuvector/ },
  { name: 'Red Hat ACS (StackRox)', pattern: /stackrox|policyeval/ },
  { name: 'Portieris', pattern: /portieris/ },
];
const kyvernoWebhook = /kyverno/;

export default defineControl({
  target: 'cluster',
  reads: [VALIDATING, MUTATING, KYVERNO_CLUSTER_POLICY, KYVERNO_POLICY],
  meta: {
    ...catalogFields('NSA-POD-031'),
    slug: 'image-verification-admission',
    rationale:
      'The guidance (Fig. 4) puts an admission controller between the registry and the nodes, so that only scanned and signed images start. Without one, any image anyone can push or pull runs; a webhook that fails open lets everything through whenever it is down.',
    remediation:
      'Deploy an admission webhook that blocks unscanned or unsigned images (Kyverno verifyImages in Enforce mode, sigstore policy-controller, Connaisseur, Ratify with Gatekeeper, or a vendor scanner), matching pods, with failurePolicy: Fail.',
    messages: {
      noVerifier: 'No admission webhook verifies images: none of the webhook configurations in the input is a known image verifier that matches pods and fails closed.',
      failOpen: 'Image-verification webhook "{{webhook}}" ({{verifier}}) has failurePolicy Ignore: when it is unreachable, unverified images are admitted.',
    },
    example: `# Kyverno's webhook (installed by its chart) and a verifyImages policy that enforces.
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kyverno-resource-validating-webhook-cfg}
webhooks:
  - name: validate.kyverno.svc-fail
    clientConfig: {service: {name: kyverno-svc, namespace: kyverno}}
    rules: [{apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*/*"]}]
    failurePolicy: Fail
    sideEffects: NoneOnDryRun
    admissionReviewVersions: [v1]
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: verify-images}
spec:
  validationFailureAction: Enforce
  rules:
    - name: signed-by-us
      match: {any: [{resources: {kinds: [Pod]}}]}
      verifyImages:
        - imageReferences: ["registry.example.com/*"]
          attestors: [{entries: [{keyless: {subject: "https://github.com/example/*", issuer: "https://token.actions.githubusercontent.com"}}]}]
`,
  },
  applies(_cluster, { index, listedKinds }) {
    if (index.list(VALIDATING).length + index.list(MUTATING).length > 0) return undefined;
    // A live cluster whose webhook configurations were all listed has none: nothing verifies images.
    if (listedKinds?.has(VALIDATING) && listedKinds.has(MUTATING)) return undefined;
    return {
      status: 'not-evaluated',
      reason: 'no Validating- or MutatingWebhookConfiguration in the input (kubectl get all leaves them out: scan the cluster, or add `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml`)',
    };
  },
  *check(_cluster, { index }) {
    const kyvernoEnforcesImages = [...index.list(KYVERNO_CLUSTER_POLICY), ...index.list(KYVERNO_POLICY)].some(enforcesVerifyImages);
    let closed = false;
    const open: { subject: Resource; path: Path; webhook: string; verifier: string }[] = [];
    for (const configuration of [...index.list(VALIDATING), ...index.list(MUTATING)]) {
      asArray(configuration.object['webhooks']).forEach((entry, i) => {
        const webhook = asRecord(entry);
        if (!webhook || !matchesPodCreation(webhook)) return;
        const verifier = verifierOf(configuration, webhook, kyvernoEnforcesImages);
        if (!verifier) return;
        // failurePolicy defaults to Fail in admissionregistration.k8s.io/v1.
        if ((asString(webhook['failurePolicy']) ?? 'Fail') === 'Fail') closed = true;
        else open.push({ subject: configuration, path: ['webhooks', i, 'failurePolicy'], webhook: asString(webhook['name']) ?? configuration.ref.name, verifier });
      });
    }
    if (closed) return;
    for (const hook of open) yield { messageId: 'failOpen', data: { webhook: hook.webhook, verifier: hook.verifier }, path: hook.path, subject: hook.subject };
    if (open.length === 0) yield { messageId: 'noVerifier', path: [] };
  },
});

function verifierOf(configuration: Resource, webhook: Record<string, unknown>, kyvernoEnforcesImages: boolean): string | undefined {
  const service = asRecord(asRecord(webhook['clientConfig'])?.['service']);
  const text = [configuration.ref.name, asString(webhook['name']), asString(service?.['name']), asString(service?.['namespace'])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  if (kyvernoWebhook.test(text)) return kyvernoEnforcesImages ? 'Kyverno verifyImages' : undefined;
  return verifiers.find((v) => v.pattern.test(text))?.name;
}

function matchesPodCreation(webhook: Record<string, unknown>): boolean {
  return asArray(webhook['rules']).some((entry) => {
    const rule = asRecord(entry);
    const resources = asArray(rule?.['resources']).map((r) => asString(r));
    const operations = asArray(rule?.['operations']).map((o) => asString(o));
    const podsMatched = resources.some((r) => r === 'pods' || r === '*' || r === '*/*');
    return podsMatched && operations.some((o) => o === 'CREATE' || o === '*');
  });
}

function enforcesVerifyImages(policy: Resource): boolean {
  const spec = asRecord(policy.object['spec']);
  const action = (asString(spec?.['validationFailureAction']) ?? 'Audit').toLowerCase();
  return asArray(spec?.['rules']).some((entry) => {
    const rule = asRecord(entry);
    const verify = asArray(rule?.['verifyImages']);
    if (verify.length === 0) return false;
    const ruleAction = verify.map((v) => asString(asRecord(v)?.['failureAction'])).find(Boolean)?.toLowerCase() ?? action;
    return ruleAction === 'enforce';
  });
}
