// Agreement with peer scanners on the concepts the upgrade controls share with them. Each peer case
// is run through the matching control; the verdict (and, for Kubescape, the flagged paths) must agree
// unless the disagreement is listed below with its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../../core/control.js';
import type { ScanReport } from '../../core/report.js';
import { formatRef } from '../../core/resource.js';
import { kubescapeAlerts, kubescapeInputs, readPeerProject, scanPeerFiles, type PeerProject } from '../../testing/peer-fixtures.js';
import endOfLifeComponents from './end-of-life-components.js';
import knownVulnerableComponents from './known-vulnerable-components.js';
import removedApiVersions from './removed-api-versions.js';
import unusedComponents from './unused-components.js';

const missing = 'conformance fixtures not found (../shared/conformance beside the clone, or KUBEHARDEN_SHARED_DIR)';

/** Findings per flagged object (`Kind/name`), as sets of paths; warnings count as findings. */
function flagged(report: ScanReport): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>();
  for (const f of report.findings) {
    const key = `${f.resource.kind}/${f.resource.name}`;
    objects.set(key, (objects.get(key) ?? new Set()).add(f.path));
  }
  return objects;
}

const kubescape = readPeerProject('kubescape-regolibrary');

describe('NSA-UPG peers: Kubescape', { skip: kubescape ? false : missing }, () => {
  const project = kubescape as PeerProject;
  const concepts: Record<string, ControlDefinition> = {
    'cve-subpath-symlink': knownVulnerableComponents,
    'cve-nginx-snippet': knownVulnerableComponents,
    'image-eol': endOfLifeComponents,
    'dashboard-workload': unusedComponents,
  };
  const cases = (project?.cases ?? []).filter((c) => (c['concept'] ?? '') in concepts);

  it('has the cases this comparison is about', () => {
    assert.ok(cases.length >= 12, `${cases.length} cases`);
  });

  for (const peerCase of cases) {
    it(`${peerCase['case_id']} (${peerCase['concept']}, expected ${peerCase['expected']})`, () => {
      const control = concepts[peerCase['concept'] ?? ''] as ControlDefinition;
      const report = scanPeerFiles(project, kubescapeInputs(peerCase), control);
      assert.deepEqual(report.errors, []);
      const ours = flagged(report);
      const theirs = new Map<string, Set<string>>();
      for (const alert of kubescapeAlerts(project, peerCase)) {
        theirs.set(alert.object, new Set([...(theirs.get(alert.object) ?? []), ...alert.paths]));
      }
      assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), report.findings.map((f) => `${formatRef(f.resource)}: ${f.message}`).join('\n'));
      for (const [object, paths] of theirs) assert.deepEqual([...(ours.get(object) ?? [])].sort(), [...paths].sort(), object);
    });
  }
});

const kubeScore = readPeerProject('kube-score');

describe('NSA-UPG-004 peers: kube-score stable versions', { skip: kubeScore ? false : missing }, () => {
  const project = kubeScore as PeerProject;
  const cases = (project?.cases ?? []).filter((c) => c['concept'] === 'deprecated-apiVersion');

  it('has the cases this comparison is about', () => {
    assert.ok(cases.length >= 10, `${cases.length} cases`);
  });

  // kube-score grades a removed API version as a warning only; the catalog fails it (kube-score's
  // WARNING counts as agreement when we report a finding of either status).
  for (const peerCase of cases) {
    const minor = Number(/k8s=1\.(\d+)/.exec(peerCase['run_config'] ?? '')?.[1]);
    it(`${peerCase['case_id']} on v1.${minor} (expected ${peerCase['expected']})`, () => {
      assert.ok(Number.isInteger(minor));
      const report = scanPeerFiles(project, (peerCase['files'] ?? '').split(';'), removedApiVersions, { pssVersion: { major: 1, minor } });
      assert.equal(report.findings.length > 0, peerCase['expected'] === 'warn', report.findings.map((f) => f.message).join('\n'));
    });
  }
});

const kubeLinter = readPeerProject('kube-linter');

describe('NSA-UPG-004 peers: kube-linter no-extensions-v1beta', { skip: kubeLinter ? false : missing }, () => {
  it('flags the extensions/v1beta1 NetworkPolicy and not the networking.k8s.io/v1 one', () => {
    const project = kubeLinter as PeerProject;
    const peerCase = project.cases.find((c) => c['case_id'] === 'no-extensions-v1beta');
    assert.ok(peerCase);
    const report = scanPeerFiles(project, (peerCase['files'] ?? '').split(';'), removedApiVersions);
    assert.equal(report.findings.length, Number(peerCase['expected_report_count']));
    assert.deepEqual(report.findings.map((f) => `${f.resource.apiVersion} ${f.resource.kind}`), ['extensions/v1beta1 NetworkPolicy']);
  });
});
