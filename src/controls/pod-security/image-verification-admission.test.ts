import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './image-verification-admission.js';

const webhook = (name: string, service: string, failurePolicy = '') => yaml`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingWebhookConfiguration
  metadata: {name: ${name}}
  webhooks:
    - name: ${name}.example.com
      clientConfig: {service: {name: ${service}, namespace: ${service}}}
      rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]${failurePolicy}
      sideEffects: None
      admissionReviewVersions: [v1]`;

const kyvernoPolicy = (action: string) => yaml`
  apiVersion: kyverno.io/v1
  kind: ClusterPolicy
  metadata: {name: verify-images}
  spec:
    validationFailureAction: ${action}
    rules:
      - name: signed
        match: {any: [{resources: {kinds: [Pod]}}]}
        verifyImages: [{imageReferences: ["registry.example.com/*"]}]`;

testControl(control, {
  valid: [
    { name: 'sigstore policy-controller, failing closed by default', manifest: webhook('policy.sigstore.dev', 'webhook') },
    { name: 'Connaisseur with failurePolicy Fail', manifest: webhook('connaisseur-webhook', 'connaisseur-svc', '\n      failurePolicy: Fail') },
    {
      name: 'Kyverno with a verifyImages policy in Enforce mode',
      manifest: `${webhook('kyverno-resource-validating-webhook-cfg', 'kyverno-svc')}---\n${kyvernoPolicy('Enforce')}`,
    },
  ],
  invalid: [
    {
      name: 'only unrelated webhooks',
      manifest: webhook('cert-manager-webhook', 'cert-manager'),
      findings: [{ messageId: 'noVerifier', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'Kyverno whose verifyImages policy only audits',
      manifest: `${webhook('kyverno-resource-validating-webhook-cfg', 'kyverno-svc')}---\n${kyvernoPolicy('Audit')}`,
      findings: [{ messageId: 'noVerifier', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'a verifier that fails open',
      manifest: webhook('connaisseur-webhook', 'connaisseur-svc', '\n      failurePolicy: Ignore'),
      findings: [{ messageId: 'failOpen', path: 'webhooks[0].failurePolicy', kind: 'ValidatingWebhookConfiguration', line: 8, column: 5 }],
    },
  ],
});

test('without webhook configurations in the input the control is not evaluated', () => {
  const report = scanWith(control, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  const entry = report.controls.find((c) => c.id === 'NSA-POD-031');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /no Validating- or MutatingWebhookConfiguration/);
});
