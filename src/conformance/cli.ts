import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { repoRoot } from '../testing/shared-fixtures.js';
import { projectDir, runHarness } from './harness.js';
import { projectNames, type ProjectName } from './model.js';
import { renderJson, renderText } from './report.js';
import { byConcept, groupStatus } from './summary.js';

const usage = `usage: npm run conformance -- [options]

Scans the peer fixtures in <shared>/conformance (polaris, kubescape-regolibrary, kube-linter, kube-score)
with kubeharden and prints agreement per concept and per project.

  --shared DIR      folder holding conformance/ (default: KUBEHARDEN_SHARED_DIR, else ../shared beside the repository)
  --json FILE       also write the full result as JSON
  --project NAME    only this project (${projectNames.join(', ')})
  --concept NAME    only this concept (as in the INDEX files, e.g. privileged)
  --min PERCENT     exit 1 when a mapped, implemented concept agrees less than this
  --verbose         list every disagreement with the file, the expectation and our findings,
                    then every case a mapped control could not judge (not evaluated)
  --help            this text
`;

/** Runs the harness from command-line arguments; returns the exit code (0 ok, 1 below --min or errors, 2 usage). */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void } = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        shared: { type: 'string' },
        json: { type: 'string' },
        project: { type: 'string' },
        concept: { type: 'string' },
        min: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const root = repoRoot();
  const sharedDir = resolve(values.shared ?? env['KUBEHARDEN_SHARED_DIR'] ?? join(root ?? process.cwd(), '..', 'shared'));
  if (values.project !== undefined && !(projectNames as readonly string[]).includes(values.project)) {
    io.stderr(`unknown project "${values.project}"; one of ${projectNames.join(', ')}\n`);
    return 2;
  }
  const min = values.min === undefined ? undefined : Number(values.min);
  if (min !== undefined && !(min >= 0 && min <= 100)) {
    io.stderr(`--min must be a percentage between 0 and 100, not "${values.min}"\n`);
    return 2;
  }
  const wanted = values.project ? [values.project as ProjectName] : projectNames;
  const projects = wanted.filter((p) => existsSync(join(projectDir(sharedDir, p), 'INDEX.tsv')));
  if (projects.length === 0) {
    io.stderr(`no conformance fixtures in ${join(sharedDir, 'conformance')} (use --shared DIR or KUBEHARDEN_SHARED_DIR)\n`);
    return 2;
  }
  for (const p of wanted.filter((p) => !projects.includes(p))) io.stderr(`warning: ${p} fixtures not found, skipped\n`);

  const started = performance.now();
  const result = await runHarness({ sharedDir, projects, ...(values.concept ? { concept: values.concept } : {}) });
  const elapsedMs = performance.now() - started;
  if (values.concept && result.results.length === 0 && result.skipped.length === 0) {
    io.stderr(`no case has the concept "${values.concept}"\n`);
    return 2;
  }
  io.stdout(`${renderText(result, { verbose: values.verbose, elapsedMs, sharedDir })}\n`);
  if (values.json) writeFileSync(values.json, `${renderJson(result, { elapsedMs, sharedDir })}\n`);

  let code = 0;
  if (result.results.some((r) => r.status === 'error')) code = 1;
  if (min !== undefined) {
    const below = byConcept(result.results, result.skipped).filter((g) => g.agreement !== null && g.agreement < min && groupStatus(g) !== 'ERROR');
    for (const g of below) io.stdout(`below --min ${min}%: ${g.concept} at ${g.agreement}%\n`);
    if (below.length > 0) code = 1;
  }
  return code;
}

