import { findingFingerprint } from '../core/fingerprint.js';
import type { ResourceRef } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { groupOf } from '../normalize/pod-spec-paths.js';
import type { PssLevel } from '../pss/evaluate.js';
import { PolicyError } from './fields.js';

/** What an earlier scan found: its findings' fingerprints, and the Pod Security level of its workloads. */
export interface Baseline {
  readonly file: string;
  readonly fingerprints: ReadonlySet<string>;
  readonly workloadLevels: ReadonlyMap<string, PssLevel>;
}

/** A workload's identity across scans: API group, kind, namespace and name (not the file or the version). */
export function workloadIdentity(ref: ResourceRef): string {
  return [groupOf(ref.apiVersion), ref.kind, ref.namespace ?? '', ref.name].join('\u0000');
}

const levels: readonly string[] = ['privileged', 'baseline', 'restricted'];

/**
 * Reads a JSON report of an earlier scan (`kubeharden scan -f json`). Its failed and warning findings
 * form the baseline; suppressed ones do not, so that an exception that expires is not hidden by a
 * baseline taken while it applied. Anything that is not such a report is an error naming the file.
 */
export function readBaseline(content: string, file: string): Baseline {
  let report: unknown;
  try {
    report = JSON.parse(content);
  } catch (error) {
    throw new PolicyError(`${file}: not a kubeharden JSON report (${error instanceof Error ? error.message : String(error)}); write one with kubeharden scan -f json -o ${file}`);
  }
  const root = asRecord(report);
  if (!root || root['schemaVersion'] !== 1 || !Array.isArray(root['findings'])) {
    throw new PolicyError(`${file}: not a kubeharden JSON report (schemaVersion 1 with findings); write one with kubeharden scan -f json -o ${file}`);
  }
  const fingerprints = new Set<string>();
  asArray(root['findings']).forEach((raw, index) => {
    const finding = asRecord(raw);
    const resource = asRecord(finding?.['resource']);
    const fields = {
      controlId: asString(finding?.['controlId']),
      path: asString(finding?.['path']),
      messageId: asString(finding?.['messageId']),
      status: asString(finding?.['status']),
      apiVersion: asString(resource?.['apiVersion']),
      kind: asString(resource?.['kind']),
      name: asString(resource?.['name']),
    };
    const missing = Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => k);
    if (missing.length > 0) throw new PolicyError(`${file}: findings[${index}]: not a finding of a kubeharden report (missing ${missing.join(', ')})`);
    if (fields.status === 'suppressed') return;
    const namespace = asString(resource?.['namespace']);
    const container = asString(finding?.['container']);
    fingerprints.add(
      findingFingerprint({
        controlId: fields.controlId as string,
        resource: { apiVersion: fields.apiVersion as string, kind: fields.kind as string, name: fields.name as string, ...(namespace !== undefined ? { namespace } : {}) },
        ...(container !== undefined ? { container } : {}),
        path: fields.path as string,
        messageId: fields.messageId as string,
      }),
    );
  });
  const workloadLevels = new Map<string, PssLevel>();
  for (const raw of asArray(root['workloads'])) {
    const workload = asRecord(raw);
    const resource = asRecord(workload?.['resource']);
    const level = asString(asRecord(workload?.['pss'])?.['level']);
    const apiVersion = asString(resource?.['apiVersion']);
    const kind = asString(resource?.['kind']);
    const name = asString(resource?.['name']);
    if (!apiVersion || !kind || !name || !level || !levels.includes(level)) continue;
    const namespace = asString(resource?.['namespace']);
    workloadLevels.set(workloadIdentity({ apiVersion, kind, name, ...(namespace !== undefined ? { namespace } : {}) }), level as PssLevel);
  }
  return { file, fingerprints, workloadLevels };
}
