import { join } from 'node:path';
import type { ControlDefinition } from '../core/control.js';
import type { Finding, ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import type { ScanSettings } from '../engine/settings.js';
import { loadFiles } from '../load/files.js';
import { scanPaths } from '../load/scan-paths.js';
import { parseManifests } from '../parse/manifests.js';
import { deliberateDifferences, type DeliberateDifference } from './deliberate.js';
import { mappingFor, type ConceptMapping } from './mapping.js';
import type { CaseResult, ConformanceCase, Outcome, ProjectCases, ProjectName, SkippedRow } from './model.js';
import { loadKubeLinter } from './projects/kube-linter.js';
import { loadKubeScore } from './projects/kube-score.js';
import { loadKubescape } from './projects/kubescape.js';
import { loadPolaris } from './projects/polaris.js';

const loaders: Record<ProjectName, (dir: string) => ProjectCases> = {
  polaris: loadPolaris,
  'kubescape-regolibrary': loadKubescape,
  'kube-linter': loadKubeLinter,
  'kube-score': loadKubeScore,
};

export interface HarnessOptions {
  /** The folder holding `conformance/<project>/`. */
  readonly sharedDir: string;
  readonly projects: readonly ProjectName[];
  /** Only cases of this concept. */
  readonly concept?: string;
  /** The controls to scan with (default: every built-in control). */
  readonly controls?: readonly ControlDefinition[];
}

export interface HarnessResult {
  readonly results: CaseResult[];
  readonly skipped: SkippedRow[];
  /** Recorded deliberate differences that no longer disagree (or were not run): the record is stale. */
  readonly staleDeliberate: DeliberateDifference[];
  /** Which projects were found and read. */
  readonly projects: readonly ProjectName[];
}

export function projectDir(sharedDir: string, project: ProjectName): string {
  return join(sharedDir, 'conformance', project);
}

/** Runs every case of the given projects through kubeharden and judges it against the peer's expectation. */
export async function runHarness(options: HarnessOptions): Promise<HarnessResult> {
  const controls = options.controls ?? builtinControls;
  const implemented = new Set(controls.map((c) => c.meta.id));
  const results: CaseResult[] = [];
  const skipped: SkippedRow[] = [];
  const scans = new ScanCache(controls);
  for (const project of options.projects) {
    const loaded = loaders[project](projectDir(options.sharedDir, project));
    const keep = <T extends { concept: string }>(row: T): boolean => !options.concept || row.concept === options.concept;
    skipped.push(...loaded.skipped.filter(keep));
    for (const c of loaded.cases.filter(keep)) results.push(await judgeCase(c, implemented, scans));
  }
  const ran = new Set(results.map((r) => `${r.case.project}\u0000${r.case.id}`));
  const deliberate = new Set(results.filter((r) => r.status === 'deliberate').map((r) => `${r.case.project}\u0000${r.case.id}`));
  const staleDeliberate = deliberateDifferences.filter((d) => {
    const key = `${d.project}\u0000${d.caseId}`;
    return options.projects.includes(d.project) && ran.has(key) && !deliberate.has(key);
  });
  return { results, skipped, staleDeliberate, projects: options.projects };
}

async function judgeCase(c: ConformanceCase, implemented: ReadonlySet<string>, scans: ScanCache): Promise<CaseResult> {
  const mapping = mappingFor(c);
  if (!mapping) return { case: c, status: 'error', findings: [], controls: [], reason: `concept "${c.concept}" (${c.check}) is not in the mapping table` };
  if (mapping.type === 'out-of-scope') return { case: c, status: 'out-of-scope', findings: [], controls: [], reason: mapping.reason };
  const controls = mapping.controls;
  // An exclusion is permanent (the peer's input or option has no kubeharden equivalent): it wins over "not implemented yet".
  const excluded = mapping.exclude?.(c);
  if (excluded) return { case: c, status: 'excluded', findings: [], controls, reason: excluded };
  const missing = controls.filter((id) => !implemented.has(id));
  if (missing.length > 0) return { case: c, status: 'not-implemented', findings: [], controls, reason: `not implemented: ${missing.join(', ')}` };

  let scanned: CaseScan;
  try {
    scanned = await scans.get(c, { ...defaultSettings, ...mapping.settings?.(c) });
  } catch (error) {
    return { case: c, status: 'error', findings: [], controls, reason: error instanceof Error ? error.message : String(error) };
  }
  const internal = scanned.report.errors.filter((e) => e.kind === 'internal' && (!e.controlId || (controls as readonly string[]).includes(e.controlId)));
  if (internal.length > 0) return { case: c, status: 'error', findings: [], controls, reason: internal.map((e) => e.message).join('; ') };

  const relevant = scanned.report.findings.filter((f) => counts(mapping, f));
  const verdict = judge(c, mapping, relevant, scanned);
  if ('error' in verdict) return { case: c, status: 'error', findings: relevant, controls, reason: verdict.error };
  // No counted finding from a control that could not judge the input is no verdict, not a pass.
  const unjudged = verdict.ours === 'pass' && !mapping.judgedWhenNotEvaluated ? notEvaluated(controls, scanned.report) : undefined;
  if (unjudged) return { case: c, status: 'not-evaluated', findings: [], controls, reason: unjudged };
  if (verdict.agree) return { case: c, status: 'agree', ours: verdict.ours, findings: verdict.findings, controls, ...objectsOf(verdict) };
  const recorded = deliberateDifferences.find((d) => d.project === c.project && d.caseId === c.id);
  return {
    case: c,
    status: recorded ? 'deliberate' : 'disagree',
    ours: verdict.ours,
    findings: verdict.findings,
    controls,
    ...objectsOf(verdict),
    ...(recorded ? { reason: recorded.reason } : {}),
  };
}

/** Why a mapped control was not evaluated on the input, or undefined when every mapped control was evaluated. */
function notEvaluated(controls: readonly string[], report: ScanReport): string | undefined {
  const entry = report.controls.find((e) => controls.includes(e.id) && e.status === 'not-evaluated');
  return entry ? `${entry.id} not evaluated: ${entry.reason ?? 'no reason given'}` : undefined;
}

function objectsOf(verdict: Verdict): { oursObjects?: readonly string[] } {
  return verdict.objects ? { oursObjects: verdict.objects } : {};
}

/** Whether a finding of ours counts as flagging for this mapping. */
function counts(mapping: ConceptMapping, finding: Finding): boolean {
  if (!(mapping.controls as readonly string[]).includes(finding.controlId)) return false;
  const status = finding.status === 'suppressed' ? finding.suppressedStatus : finding.status;
  if (status !== 'failed' && !(status === 'warning' && mapping.countWarnings)) return false;
  return mapping.accept?.(finding) ?? true;
}

interface Verdict {
  readonly agree: boolean;
  readonly ours: Outcome;
  readonly findings: readonly Finding[];
  readonly objects?: readonly string[];
}

function judge(c: ConformanceCase, mapping: ConceptMapping, relevant: readonly Finding[], scanned: CaseScan): Verdict | { error: string } {
  const outcome = (findings: readonly Finding[]): Outcome => {
    if (mapping.grades) {
      const has = (ids: readonly string[]): boolean => findings.some((f) => ids.includes(f.controlId));
      return has(mapping.grades.fail) ? 'fail' : has(mapping.grades.warn) ? 'warn' : 'pass';
    }
    return findings.length > 0 ? 'fail' : 'pass';
  };
  // A peer WARNING is a failure unless the mapping tells warnings apart (kube-score grades).
  const same = (ours: Outcome): boolean => (mapping.grades ? ours === c.expected : (ours !== 'pass') === (c.expected !== 'pass'));
  const target = c.target;
  if (target.type === 'case') {
    const ours = outcome(relevant);
    return { agree: same(ours), ours, findings: relevant };
  }
  if (target.type === 'object') {
    const resource = scanned.byFile.get(target.file)?.[target.position];
    if (!resource || resource.ref.kind !== target.object.kind || resource.ref.name !== target.object.name) {
      return { error: `object #${target.position} of ${c.displayFiles[0]} is not ${target.object.kind}/${target.object.name}` };
    }
    const findings = relevant.filter((f) => scanned.resourceOf(f) === resource);
    const ours = outcome(findings);
    return { agree: same(ours), ours, findings };
  }
  const flagged = new Map<string, Finding[]>();
  for (const f of relevant) {
    const resource = scanned.resourceOf(f);
    const key = `${resource?.ref.kind ?? f.resource.kind}/${resource?.ref.name ?? f.resource.name}`;
    flagged.set(key, [...(flagged.get(key) ?? []), f]);
  }
  const objects = [...flagged.keys()].sort();
  const ours: Outcome = objects.length > 0 ? 'fail' : 'pass';
  const expected = target.objects.map((o) => `${o.kind}/${o.name}`);
  const inInput = new Set(scanned.resources.map((r) => `${r.ref.kind}/${r.ref.name}`));
  // RBAC rules alert per subject (User/jane), which is not an object of the input: then only the verdict compares.
  const comparable = expected.length > 0 && expected.every((o) => inInput.has(o));
  const agree = comparable ? sameSet(objects, expected) : same(ours);
  return { agree, ours, findings: relevant, objects };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

interface CaseScan {
  readonly report: ScanReport;
  readonly resources: readonly Resource[];
  /** The resources of each file, in document order. */
  readonly byFile: ReadonlyMap<string, readonly Resource[]>;
  readonly resourceOf: (finding: Finding) => Resource | undefined;
}

/**
 * Scans a case's inputs once per distinct (files, settings): kube-linter's objects and kube-score's
 * assertions share files. Normal cases go through scanPaths, the CLI's pipeline; Kubescape's cases keep
 * only the first document of each file (as its runner does) and go through scan().
 */
class ScanCache {
  private readonly cache = new Map<string, Promise<CaseScan>>();

  constructor(private readonly controls: readonly ControlDefinition[]) {}

  get(c: ConformanceCase, settings: ScanSettings): Promise<CaseScan> {
    const key = JSON.stringify([c.files, c.firstDocumentOnly ?? false, settings, [...settings.podTemplates]]);
    let entry = this.cache.get(key);
    if (!entry) this.cache.set(key, (entry = this.scan(c, settings)));
    return entry;
  }

  private async scan(c: ConformanceCase, settings: ScanSettings): Promise<CaseScan> {
    const loaded = await loadFiles(c.files);
    if (loaded.errors.length > 0) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    const byFile = new Map<string, Resource[]>();
    for (const file of loaded.files) {
      let resources = parseManifests(file).resources;
      if (c.firstDocumentOnly) {
        const first = Math.min(...resources.map(documentIndexOf));
        resources = resources.filter((r) => documentIndexOf(r) === first);
      }
      byFile.set(file.path, resources);
    }
    const resources = [...byFile.values()].flat();
    const options = { controls: this.controls, settings, failOn: 'none' as const };
    const report = c.firstDocumentOnly ? scan(resources, options) : (await scanPaths(c.files, options)).report;
    return { report, resources, byFile, resourceOf: (f) => locateResource(f, byFile) };
  }
}

function documentIndexOf(resource: Resource): number {
  return resource.origin.type === 'file' ? resource.origin.documentIndex : 0;
}

/** The resource a finding is about: same file and object, and when a file repeats an object, the document holding the line. */
function locateResource(finding: Finding, byFile: ReadonlyMap<string, readonly Resource[]>): Resource | undefined {
  const ref = finding.resource;
  const file = finding.location?.file;
  const pool = file !== undefined ? (byFile.get(file) ?? []) : [...byFile.values()].flat();
  const candidates = pool.filter(
    (r) => r.ref.kind === ref.kind && r.ref.name === ref.name && r.ref.namespace === ref.namespace && r.ref.apiVersion === ref.apiVersion,
  );
  if (candidates.length <= 1) return candidates[0];
  const line = finding.location?.line ?? 0;
  let best: Resource | undefined;
  for (const r of candidates) {
    const start = r.source?.document.startLine ?? 0;
    if (start <= line && (!best || start > (best.source?.document.startLine ?? 0))) best = r;
  }
  return best ?? candidates[0];
}
