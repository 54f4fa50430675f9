import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runInProcess } from './cli-run.js';
import type { Finding, ScanReport } from '../core/report.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process (the test API server shares it, so nothing may block the event loop). */
export async function runKubeharden(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<CliRun> {
  // No home folder: a kubeconfig of the developer's must never be picked up by a test.
  const { code, stdout, stderr } = await runInProcess(args, { HOME: '/nonexistent-home', ...env });
  return { code: code ?? -1, stdout, stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kubeharden-${prefix}-`));
}

/** Writes objects as one multi-document YAML file, for a scan of the same objects from disk. */
export function writeManifests(dir: string, objects: readonly Record<string, unknown>[]): string {
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return file;
}

/**
 * The objects a live scan judges: those whose controlling owner is among the objects (by UID, a
 * workload the scan reads) are judged at that owner, so a file scan compared with it leaves them out.
 * A mirror pod's owner is its Node, not among these objects' workloads: it stays.
 */
export function withoutOwned(objects: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const meta = (o: Record<string, unknown>): Record<string, unknown> => (o['metadata'] ?? {}) as Record<string, unknown>;
  const workloadKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'Rollout']);
  const owners = new Set(objects.filter((o) => workloadKinds.has(o['kind'] as string)).map((o) => meta(o)['uid']).filter((uid) => uid !== undefined));
  return objects.filter((o) => {
    const references = (meta(o)['ownerReferences'] ?? []) as { controller?: boolean; uid?: string }[];
    return !references.some((r) => r.controller === true && r.uid !== undefined && owners.has(r.uid));
  });
}

/** A finding as both kinds of scan must agree on it: everything but where it is shown. */
export function comparable(finding: Finding): string {
  const r = finding.resource;
  return [finding.controlId, finding.status, `${r.kind}/${r.namespace ?? ''}/${r.name}`, finding.container ?? '', finding.path, finding.messageId, finding.message].join(' | ');
}

export function parseReport(text: string): ScanReport {
  return JSON.parse(text) as ScanReport;
}
