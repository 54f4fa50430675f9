import { createHash } from 'node:crypto';
import type { Finding } from './report.js';

/**
 * A finding's identity across scans: the control, the resource (kind, namespace, name), the container
 * and the field path, never the file, line or message text. It survives line shifts, reformatting and
 * file moves of an unchanged resource, and changes when the finding moves to another field or object.
 * Baselines and SARIF `partialFingerprints` use it.
 */
export function findingFingerprint(finding: Pick<Finding, 'controlId' | 'resource' | 'container' | 'path' | 'messageId'>): string {
  const { resource } = finding;
  const identity = [
    finding.controlId,
    resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '',
    resource.kind,
    resource.namespace ?? '',
    resource.name,
    finding.container ?? '',
    finding.path,
    finding.messageId,
  ].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
