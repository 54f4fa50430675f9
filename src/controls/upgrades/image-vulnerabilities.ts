import { defineControl, type ControlContext, type ControlVerdict } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { VulnerabilityEvidence } from '../../vuln/evidence.js';
import { describeCounts, describeVulnerabilities, reportable } from '../../vuln/filter.js';
import { imageIdentity } from '../../vuln/image-identity.js';
import { workloadImages } from '../../vuln/join.js';

type MessageId = 'vulnerableImage';

/** Both image vulnerability controls judge nothing without evidence: what was not scanned is not clean. */
export function vulnerabilityPrecondition(ctx: ControlContext): ControlVerdict | undefined {
  const settings = ctx.settings.vulnerabilities;
  if (!settings || settings.evidence.empty) {
    return { status: 'not-evaluated', reason: 'no vulnerability evidence supplied: give --sbom with --osv-db, or --vuln-report (a Trivy or Grype JSON report)' };
  }
  return undefined;
}

/** Evidence for the controls' compliant example: a clean Trivy report of the image it runs. */
export const exampleEvidence = new VulnerabilityEvidence([
  {
    image: imageIdentity('registry.example.com/shop/web:2.3.1', ['registry.example.com/shop/web:2.3.1']),
    source: 'web-2.3.1.trivy.json',
    kind: 'trivy',
    vulnerabilities: [],
  },
]);

export const vulnerabilityExample = `apiVersion: apps/v1
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
        - name: web
          image: registry.example.com/shop/web:2.3.1
`;

export default defineControl<MessageId>({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-UPG-007'),
    slug: 'image-vulnerabilities',
    rationale:
      'The guidance asks to scan images for vulnerabilities and to patch promptly. A package version inside a running image that a published advisory says is affected, with a fixed version out, is a known way in that an image rebuild closes. kubeharden judges it offline from evidence the build already produced (SBOMs matched against OSV data, or Trivy/Grype reports) and joins it to the workloads that run each image, by the digest that runs when it is known.',
    remediation:
      'Rebuild the image on the fixed package versions (update the base image, or the named packages), push it, and roll the workload to the new tag or digest. Then regenerate the SBOM or report so the evidence describes what runs.',
    messages: {
      vulnerableImage: 'Container "{{container}}" runs {{image}} with known vulnerabilities ({{counts}}){{scope}}, per {{evidence}}: {{list}}.',
    },
    example: vulnerabilityExample,
    exampleSettings: { vulnerabilities: { evidence: exampleEvidence, minSeverity: 'high', includeUnfixable: false } },
  },
  precondition: vulnerabilityPrecondition,
  *check(workload, ctx) {
    const settings = ctx.settings.vulnerabilities;
    if (!settings) return;
    for (const image of workloadImages(workload)) {
      const match = settings.evidence.find(image.running);
      if (!match) continue;
      const found = reportable(match.evidence.vulnerabilities, settings.minSeverity, settings.includeUnfixable);
      if (found.length === 0) continue;
      yield {
        messageId: 'vulnerableImage',
        data: {
          container: image.container.name,
          image: image.image,
          counts: describeCounts(found),
          scope: settings.includeUnfixable ? '' : ' that have a fix',
          evidence: `${match.evidence.sources.join(', ')} (matched by ${match.by}${
            match.unconfirmedDigest ? `; it names ${match.evidence.image.digests.join(', ')}, not the digest that runs, ${match.unconfirmedDigest}` : ''
          })`,
          list: describeVulnerabilities(found),
        },
        path: image.path,
        container: image.container.name,
      };
    }
  },
});
