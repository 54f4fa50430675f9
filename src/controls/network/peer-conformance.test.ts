// The network and resource controls against the test fixtures of other scanners (Kubescape regolibrary,
// kube-score, Polaris, kube-linter), read from ../shared/conformance. Where a peer's concept maps to one of
// our controls the verdicts must agree, except in the cases listed in `disagreements`, each with the reason
// the catalog gives for judging otherwise. A listed case that starts to agree fails too, so the list stays true.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../../core/control.js';
import type { ScanReport } from '../../core/report.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { scan } from '../../engine/scan.js';
import { parseManifests } from '../../parse/manifests.js';
import { conformanceDir } from '../../testing/shared-fixtures.js';
import cpuLimits from './cpu-limits.js';
import externalServicesTls from './external-services-tls.js';
import memoryLimits from './memory-limits.js';
import namespaceNetworkPolicy from './namespace-network-policy.js';
import resourceRequests from './resource-requests.js';
import workloadNetworkIsolation from './workload-network-isolation.js';

type Verdict = 'pass' | 'fail' | 'not-evaluated';

interface PeerCase {
  readonly id: string;
  readonly root: string;
  readonly files: readonly string[];
  readonly control: ControlDefinition;
  readonly expected: 'pass' | 'fail';
  /** `Kind/name` of the object the peer flags; for a passing case, any failure of the control disagrees. */
  readonly subject?: string;
  /** Only findings at paths ending so count (NSA-NET-014 covers both CPU and memory requests). */
  readonly pathSuffix?: string;
}

const NO_POLICY_EVIDENCE =
  'the input holds no network policy at all: the catalog makes NSA-NET-007 not evaluated (evidence missing), where the peer fails the workload';
const INGRESS_OR_EGRESS =
  'the selecting policies isolate one direction only: NSA-NET-007 needs Ingress and Egress (the catalog notes C-0030 passes on Ingress or Egress)';
const REQUESTS_DEFAULT_TO_LIMITS =
  'the container sets a limit but no request: the API server defaults the request to the limit, so the container has a request';

/** Cases where our verdict differs from the peer's on purpose, and why. */
const disagreements: ReadonlyMap<string, string> = new Map([
  ['kubescape:ingress-and-egress-blocked/pod', NO_POLICY_EVIDENCE],
  ['kubescape:ingress-and-egress-blocked/cronjob', NO_POLICY_EVIDENCE],
  ['kubescape:ingress-and-egress-blocked/only-egress-policy', INGRESS_OR_EGRESS],
  ['kubescape:ingress-and-egress-blocked/cnp-only-egress', INGRESS_OR_EGRESS],
  ['kubescape:resources-cpu-requests/pod-only-requests', REQUESTS_DEFAULT_TO_LIMITS],
  ['kubescape:resources-memory-requests/pod-only-requests', REQUESTS_DEFAULT_TO_LIMITS],
  ['kube-linter:non-isolated-pod#2', `${INGRESS_OR_EGRESS}; kube-linter only asks that some policy select the pod`],
  ['kube-linter:non-isolated-pod#3', `${INGRESS_OR_EGRESS}; kube-linter only asks that some policy select the pod`],
]);

function verdict(report: ScanReport, c: PeerCase): Verdict {
  const entry = report.controls.find((e) => e.id === c.control.meta.id);
  if (!entry || entry.status === 'not-evaluated') return 'not-evaluated';
  const failed = report.findings.filter(
    (f) =>
      f.status === 'failed' &&
      (!c.subject || `${f.resource.kind}/${f.resource.name}` === c.subject) &&
      (!c.pathSuffix || f.path.endsWith(c.pathSuffix)),
  );
  return failed.length > 0 ? 'fail' : 'pass';
}

function run(c: PeerCase): ScanReport {
  const resources = c.files.flatMap((file) => {
    const parsed = parseManifests({ path: file, text: readFileSync(join(c.root, file), 'utf8') });
    assert.deepEqual(parsed.errors, [], `${c.id}: ${file} parses`);
    return parsed.resources;
  });
  return scan(resources, { controls: [c.control], settings: defaultSettings, only: new Set([c.control.meta.id]), failOn: 'none' });
}

function readIndex(root: string, file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(root, file), 'utf8').split('\n').filter((l) => l.trim());
  const columns = (header ?? '').split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((value, i) => [columns[i] ?? String(i), value])));
}

function kubescapeCases(root: string): PeerCase[] {
  const rules: Record<string, { control: ControlDefinition; pathSuffix?: string }> = {
    'ingress-and-egress-blocked': { control: workloadNetworkIsolation },
    'internal-networking': { control: namespaceNetworkPolicy },
    'resources-cpu-limits': { control: cpuLimits },
    'resources-memory-limits': { control: memoryLimits },
    'resources-cpu-requests': { control: resourceRequests, pathSuffix: '.cpu' },
    'resources-memory-requests': { control: resourceRequests, pathSuffix: '.memory' },
    'ingress-no-tls': { control: externalServicesTls },
  };
  return readIndex(root, 'INDEX.tsv').flatMap((row) => {
    const rule = rules[row['rule'] ?? ''];
    const files = (row['files'] ?? '').split(';').filter((f) => f.includes('/input/'));
    if (!rule || files.length === 0) return [];
    const subject = row['flagged_objects'] || undefined;
    return [
      {
        id: `kubescape:${row['case_id']}`,
        root,
        files,
        control: rule.control,
        expected: row['expected'] === 'fail' ? 'fail' : 'pass',
        ...(subject ? { subject } : {}),
        ...(rule.pathSuffix ? { pathSuffix: rule.pathSuffix } : {}),
      } satisfies PeerCase,
    ];
  });
}

function kubeScoreCases(root: string): PeerCase[] {
  return readIndex(root, 'INDEX.tsv')
    .filter((row) => row['check'] === 'Pod NetworkPolicy')
    .map((row) => ({
      id: `kube-score:${row['case_id']}`,
      root,
      files: [row['files'] ?? ''],
      control: workloadNetworkIsolation,
      // kube-score warns when a pod is isolated in one direction only: NSA-NET-007 fails it.
      expected: row['expected'] === 'pass' ? 'pass' : 'fail',
    }));
}

function polarisCases(root: string): PeerCase[] {
  const checks: Record<string, { control: ControlDefinition; pathSuffix?: string }> = {
    cpuLimitsMissing: { control: cpuLimits },
    memoryLimitsMissing: { control: memoryLimits },
    cpuRequestsMissing: { control: resourceRequests, pathSuffix: '.cpu' },
    memoryRequestsMissing: { control: resourceRequests, pathSuffix: '.memory' },
  };
  return readIndex(root, 'INDEX.tsv').flatMap((row) => {
    const check = checks[row['check'] ?? ''];
    if (!check || (row['expected'] !== 'pass' && row['expected'] !== 'fail')) return [];
    return [
      {
        id: `polaris:${row['case_id']}`,
        root,
        files: (row['files'] ?? '').split(';').filter((f) => !f.endsWith('check.yaml')),
        control: check.control,
        expected: row['expected'],
        ...(check.pathSuffix ? { pathSuffix: check.pathSuffix } : {}),
      } satisfies PeerCase,
    ];
  });
}

function kubeLinterCases(root: string): PeerCase[] {
  return readIndex(root, 'INDEX_objects.tsv')
    .filter((row) => row['check'] === 'non-isolated-pod' && row['kind'] !== 'NetworkPolicy')
    .map((row) => ({
      id: `kube-linter:${row['case_id']}`,
      root,
      files: [row['file'] ?? ''],
      control: workloadNetworkIsolation,
      expected: (row['expected(heuristic)'] ?? '').startsWith('fail') ? 'fail' : 'pass',
      subject: `${row['kind']}/${row['name']}`,
    }));
}

const peers: readonly [string, string, (root: string) => PeerCase[]][] = [
  ['kubescape', 'kubescape-regolibrary', kubescapeCases],
  ['kube-score', 'kube-score', kubeScoreCases],
  ['polaris', 'polaris', polarisCases],
  ['kube-linter', 'kube-linter', kubeLinterCases],
];

describe('network and resource controls against peer fixtures', () => {
  for (const [peer, folder, cases] of peers) {
    const root = conformanceDir(folder);
    it(`agrees with ${peer} except where the catalog says otherwise`, { skip: root ? false : `conformance fixtures not found (../shared/conformance/${folder})` }, (t) => {
      const all = cases(root as string);
      assert.ok(all.length > 0, `${peer}: no cases found`);
      const wrong: string[] = [];
      for (const c of all) {
        const ours = verdict(run(c), c);
        const reason = disagreements.get(c.id);
        if (reason === undefined && ours !== c.expected) wrong.push(`${c.id} (${c.control.meta.id}): ${peer} ${c.expected}, ours ${ours}`);
        if (reason !== undefined && ours === c.expected) wrong.push(`${c.id}: listed as a disagreement but now agrees (${c.expected})`);
      }
      assert.deepEqual(wrong, []);
      t.diagnostic(`${all.length} cases, ${all.filter((c) => disagreements.has(c.id)).length} known disagreements`);
    });
  }
});
