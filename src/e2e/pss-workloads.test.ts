// The Pod Security Admission fixtures, run through the whole pipeline (parse, normalize, scan) with
// every fixture pod wrapped as a Deployment and as a CronJob, so that pod template paths, metadata
// and the PSS evaluation agree for workloads and not only for bare Pods.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { parsePssVersion } from '../pss/evaluate.js';
import { conformanceDir } from '../testing/shared-fixtures.js';

const root = conformanceDir('pod-security-admission');
const testdata = root && join(root, 'test', 'testdata');

const wrappers = {
  Deployment: (pod: Pod) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: pod.metadata.name },
    spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { ...pod.metadata, name: undefined }, spec: pod.spec } },
  }),
  CronJob: (pod: Pod) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: pod.metadata.name },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { ...pod.metadata, name: undefined }, spec: pod.spec } } } },
  }),
};

interface Pod {
  metadata: Record<string, unknown> & { name: string };
  spec: unknown;
}

if (!testdata) {
  test('PSA fixtures through the scan pipeline', { skip: 'conformance fixtures not found (../shared/conformance/pod-security-admission)' }, () => {});
} else {
  for (const level of ['baseline', 'restricted'] as const) {
    test(`PSA ${level} fixtures, wrapped as Deployment and CronJob, through the scan pipeline`, () => {
      let cases = 0;
      const mismatches: string[] = [];
      for (const version of readdirSync(join(testdata, level))) {
        for (const expected of ['pass', 'fail'] as const) {
          const dir = join(testdata, level, version, expected);
          let files: string[];
          try {
            files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
          } catch {
            continue;
          }
          const documents: string[] = [];
          const names: string[] = [];
          for (const file of files) {
            const pod = parse(readFileSync(join(dir, file), 'utf8')) as Pod;
            for (const [kind, wrap] of Object.entries(wrappers)) {
              documents.push(stringify(wrap(pod)));
              names.push(`${kind} ${level}/${version}/${expected}/${file}`);
            }
          }
          const parsed = parseManifests({ path: `${level}-${version}-${expected}.yaml`, text: documents.join('---\n') });
          assert.deepEqual(parsed.errors, []);
          const report = scan(parsed.resources, {
            controls: [],
            settings: { ...defaultSettings, pssVersion: parsePssVersion(version) },
            failOn: 'none',
          });
          assert.equal(report.workloads.length, names.length);
          report.workloads.forEach((w, i) => {
            cases++;
            const satisfies = level === 'baseline' ? w.pss.level !== 'privileged' : w.pss.level === 'restricted';
            if (satisfies !== (expected === 'pass')) mismatches.push(`${names[i]}: level ${w.pss.level}`);
            for (const v of w.pss.violations) {
              const prefix = w.resource.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.' : 'spec.template.';
              if (!v.path.startsWith(prefix)) mismatches.push(`${names[i]}: violation path ${v.path} is outside the pod template`);
            }
          });
        }
      }
      assert.ok(cases > 1000, `expected the fixture set, found ${cases} cases`);
      assert.deepEqual(mismatches, [], `${mismatches.length} of ${cases} cases disagree`);
    });
  }
}
