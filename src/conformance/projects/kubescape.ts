import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceCase, ObjectKey, ProjectCases, SkippedRow } from '../model.js';
import { readTsv, splitCell } from '../tsv.js';

/**
 * Objects that Kubescape's host sensor or cloud integrations synthesise: they are not Kubernetes
 * manifests, and kubeharden reads the same evidence from the files it comes from (kubelet config, static
 * pod manifests, cloud APIs), so a case whose input holds only these cannot be judged on manifests.
 */
const syntheticKinds: ReadonlySet<string> = new Set([
  'KubeletInfo',
  'ControlPlaneInfo',
  'APIServerInfo',
  'ClusterDescribe',
  'CNIInfo',
  'KubeProxyInfo',
  'LinuxKernelVariables',
  'ListEntitiesForPolicies',
  'DescribeRepositories',
  'PolicyVersion',
  'cloudProviderInfo',
  'ServiceScanResult',
  'ImageVulnerabilities',
]);

/**
 * kubescape/regolibrary `rules/<rule>/test/<case>/`: every file under `input/` is evaluated together and
 * `expected.json` lists the alerts (`[]` = pass). INDEX.tsv gives the alerted objects (`flagged_objects`,
 * `Kind/name`; RBAC rules alert per subject, e.g. `User/jane`), the alert count and the failed paths.
 * Files outside `input/` are ignored by the upstream runner, and so here.
 */
export function loadKubescape(dir: string): ProjectCases {
  const cases: ConformanceCase[] = [];
  const skipped: SkippedRow[] = [];
  const columns = ['case_id', 'files', 'rule', 'control_ids', 'concept', 'expected', 'expected_alert_count', 'input_kinds', 'flagged_objects', 'expected_paths', 'notes'];
  for (const row of readTsv(join(dir, 'INDEX.tsv'), columns)) {
    const id = row['case_id'] as string;
    const concept = row['concept'] as string;
    const expected = row['expected'] as string;
    const skip = (reason: string): void => void skipped.push({ project: 'kubescape-regolibrary', id, concept, reason });
    if (expected !== 'pass' && expected !== 'fail') {
      skip(`no pass/fail oracle (${expected})`);
      continue;
    }
    const all = splitCell(row['files'] as string, ';');
    const inputs = all.filter((f) => f.includes('/input/'));
    if (inputs.length === 0) {
      skip(`no files under input/ (${row['notes'] || 'the upstream runner ignores files outside input/'})`);
      continue;
    }
    const kinds = splitCell(row['input_kinds'] as string, ',');
    if (kinds.length > 0 && kinds.every((k) => syntheticKinds.has(k))) {
      skip(`input is Kubescape host-sensor or cloud data (${kinds.join(', ')}), not manifests`);
      continue;
    }
    const objects: ObjectKey[] = splitCell(row['flagged_objects'] as string, ';').map(parseObjectKey);
    const dataJson = all.find((f) => f.endsWith('/data.json'));
    const detail = [
      `alerts: ${row['expected_alert_count'] || '0'}`,
      row['expected_paths'] ? `paths: ${row['expected_paths']}` : '',
      row['notes'] ? `notes: ${row['notes']}` : '',
    ].filter(Boolean);
    cases.push({
      project: 'kubescape-regolibrary',
      id,
      concept,
      check: row['rule'] as string,
      files: inputs.map((f) => join(dir, f)).filter((f) => existsSync(f)),
      displayFiles: inputs,
      expected,
      target: { type: 'objects', objects: expected === 'pass' ? [] : objects },
      firstDocumentOnly: true,
      ...(dataJson ? { peerData: join(dir, dataJson) } : {}),
      detail: detail.join('; '),
    });
  }
  return { cases, skipped };
}

function parseObjectKey(text: string): ObjectKey {
  const slash = text.indexOf('/');
  return slash === -1 ? { kind: text, name: '' } : { kind: text.slice(0, slash), name: text.slice(slash + 1) };
}
