// Image vulnerability benchmark (issue 10): `node dist/bench/vulns.js [--root DIR] [--records N] [--sboms N]
// [--packages N] [--workloads N]`, or `node dist/bench/bench.js --vulns [same options]`.
//
// Generates an OSV folder (default 50,000 records over npm, PyPI, Go, Maven, Debian:12 and Alpine:v3.19),
// 200 CycloneDX SBOMs of 500 packages each, and 2,000 Deployments running those images (and some images
// without evidence), then measures in a child process: OSV load, SBOM read, matching, the scan with
// NSA-UPG-007/008, and the child's peak RSS. Target: under 10 s and 1 GB in all.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import imageVulnerabilities from '../controls/upgrades/image-vulnerabilities.js';
import imageVulnerabilityEvidence from '../controls/upgrades/image-vulnerability-evidence.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scanPaths } from '../load/scan-paths.js';
import { loadEvidence } from '../vuln/load.js';
import { Prng } from './prng.js';

const SCRIPT = fileURLToPath(import.meta.url);
const GENERATOR_VERSION = 1;

interface VulnBenchOptions {
  root: string;
  records: number;
  sboms: number;
  packages: number;
  workloads: number;
}

interface ChildResult {
  osvSeconds: number;
  sbomSeconds: number;
  matchSeconds: number;
  scanSeconds: number;
  totalSeconds: number;
  /** User + system CPU time of the child: what the run costs when the machine is shared. */
  cpuSeconds: number;
  osvRecords: number;
  images: number;
  vulnerabilities: number;
  findings: Record<string, number>;
  peakRssMB: number;
}

const ecosystems = [
  { osv: 'npm', purl: (n: string, v: string) => `pkg:npm/${n}@${v}`, version: (r: Prng) => `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}` },
  { osv: 'PyPI', purl: (n: string, v: string) => `pkg:pypi/${n}@${v}`, version: (r: Prng) => `${r.int(0, 9)}.${r.int(0, 30)}${r.chance(0.1) ? `rc${r.int(1, 3)}` : `.${r.int(0, 20)}`}` },
  { osv: 'Go', purl: (n: string, v: string) => `pkg:golang/example.com/${n}@v${v}`, version: (r: Prng) => `${r.int(0, 3)}.${r.int(0, 30)}.${r.int(0, 20)}`, name: (n: string) => `example.com/${n}` },
  { osv: 'Maven', purl: (n: string, v: string) => `pkg:maven/org.example/${n}@${v}`, version: (r: Prng) => `${r.int(1, 6)}.${r.int(0, 20)}.${r.int(0, 20)}${r.chance(0.1) ? '.RELEASE' : ''}`, name: (n: string) => `org.example:${n}` },
  { osv: 'Debian:12', purl: (n: string, v: string) => `pkg:deb/debian/${n}@${v}?distro=debian-12`, version: (r: Prng) => `${r.int(1, 9)}.${r.int(0, 20)}-${r.int(1, 5)}${r.chance(0.3) ? `+deb12u${r.int(1, 4)}` : ''}` },
  { osv: 'Alpine:v3.19', purl: (n: string, v: string) => `pkg:apk/alpine/${n}@${v}?distro=alpine-3.19.1`, version: (r: Prng) => `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}-r${r.int(0, 5)}` },
] as const;

const PACKAGES_PER_ECOSYSTEM = 4_000;

function generate(options: VulnBenchOptions): string {
  const dir = join(options.root, `vulns-v${GENERATOR_VERSION}-${options.records}-${options.sboms}x${options.packages}-${options.workloads}`);
  if (existsSync(join(dir, 'done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const random = new Prng(10);
  for (const e of ecosystems) mkdirSync(join(dir, 'osv', e.osv.replace(':', '-')), { recursive: true });
  for (let i = 0; i < options.records; i++) {
    const e = ecosystems[i % ecosystems.length]!;
    const pkg = `pkg${random.int(0, PACKAGES_PER_ECOSYSTEM - 1)}`;
    const introduced = random.chance(0.5) ? '0' : e.version(random);
    const events: Record<string, string>[] = [{ introduced }, random.chance(0.85) ? { fixed: e.version(random) } : { last_affected: e.version(random) }];
    const record = {
      schema_version: '1.6.0',
      id: `BENCH-${i}`,
      modified: '2026-01-01T00:00:00Z',
      aliases: [`CVE-2026-${100000 + i}`],
      ...(random.chance(0.02) ? { withdrawn: '2026-01-02T00:00:00Z' } : {}),
      severity: [{ type: 'CVSS_V3', score: `CVSS:3.1/AV:N/AC:${random.pick(['L', 'H'])}/PR:N/UI:N/S:U/C:${random.pick(['H', 'L', 'N'])}/I:${random.pick(['H', 'L'])}/A:N` }],
      affected: [
        {
          package: { ecosystem: e.osv, name: 'name' in e ? e.name(pkg) : pkg },
          ranges: [{ type: e.osv === 'npm' || e.osv === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events }, ...(random.chance(0.2) ? [{ type: 'GIT', repo: 'https://example.com/r', events: [{ introduced: '0' }, { fixed: 'abc123' }] }] : [])],
        },
      ],
    };
    writeFileSync(join(dir, 'osv', e.osv.replace(':', '-'), `BENCH-${i}.json`), JSON.stringify(record));
  }
  mkdirSync(join(dir, 'sboms'));
  for (let s = 0; s < options.sboms; s++) {
    const purls: string[] = [];
    const os = s % 2 === 0 ? ecosystems[4] : ecosystems[5];
    for (let p = 0; p < options.packages; p++) {
      const e = p % 3 === 0 ? os : ecosystems[random.int(0, 3)]!;
      purls.push(e.purl(`pkg${random.int(0, PACKAGES_PER_ECOSYSTEM - 1)}`, e.version(random)));
    }
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: { component: { type: 'container', name: `registry.example.com/team${s % 20}/app${s}`, version: `1.${s}` } },
      components: purls.map((purl, i) => ({ 'bom-ref': `c${i}`, type: 'library', name: `c${i}`, purl })),
    };
    writeFileSync(join(dir, 'sboms', `app${s}.cdx.json`), JSON.stringify(sbom));
  }
  mkdirSync(join(dir, 'manifests'));
  const perFile = 100;
  for (let f = 0; f * perFile < options.workloads; f++) {
    const docs: string[] = [];
    for (let w = f * perFile; w < Math.min(options.workloads, (f + 1) * perFile); w++) {
      // One workload in twenty runs an image nobody scanned (NSA-UPG-008).
      const s = w % options.sboms;
      const image = w % 20 === 19 ? `registry.example.com/unscanned/app${w}:1.0` : `registry.example.com/team${s % 20}/app${s}:1.${s}`;
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${w}\n  namespace: ns${w % 50}\nspec:\n  selector:\n    matchLabels: {app: app${w}}\n  template:\n    metadata:\n      labels: {app: app${w}}\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`,
      );
    }
    writeFileSync(join(dir, 'manifests', `apps-${f}.yaml`), docs.join('---\n'));
  }
  writeFileSync(join(dir, 'done'), '');
  return dir;
}

async function child(dir: string): Promise<void> {
  const started = performance.now();
  const loaded = loadEvidence({ sboms: [join(dir, 'sboms')], osvDatabases: [join(dir, 'osv')], reports: [] });
  const scanStarted = performance.now();
  const { report } = await scanPaths([join(dir, 'manifests')], {
    controls: [imageVulnerabilities, imageVulnerabilityEvidence],
    settings: { ...defaultSettings, vulnerabilities: { evidence: loaded.evidence, minSeverity: 'high', includeUnfixable: false } },
    failOn: 'high',
  });
  const done = performance.now();
  const findings: Record<string, number> = {};
  for (const f of report.findings) findings[f.controlId] = (findings[f.controlId] ?? 0) + 1;
  const result: ChildResult = {
    ...loaded.timings,
    scanSeconds: (done - scanStarted) / 1000,
    totalSeconds: (done - started) / 1000,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    osvRecords: loaded.osv?.statistics.records ?? 0,
    images: loaded.evidence.images.length,
    vulnerabilities: loaded.evidence.images.reduce((n, i) => n + i.vulnerabilities.length, 0),
    findings,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(result));
}

function parseArgs(argv: readonly string[]): VulnBenchOptions {
  const options: VulnBenchOptions = { root: join(tmpdir(), 'kubeharden-bench'), records: 50_000, sboms: 200, packages: 500, workloads: 2_000 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const number = Number(value);
    switch (argv[i]) {
      case '--root':
        options.root = resolve(value ?? options.root);
        break;
      case '--records':
      case '--sboms':
      case '--packages':
      case '--workloads':
        if (!Number.isInteger(number) || number <= 0) throw new Error(`${argv[i]} needs a positive whole number`);
        options[(argv[i] as string).slice(2) as 'records' | 'sboms' | 'packages' | 'workloads'] = number;
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (--root DIR, --records N, --sboms N, --packages N, --workloads N)`);
    }
    i++;
  }
  return options;
}

/** Generates the corpus (once; it is kept under --root) and measures one run in a child process. */
export async function runVulnBench(argv: readonly string[]): Promise<ChildResult> {
  const options = parseArgs(argv);
  const generating = performance.now();
  const dir = generate(options);
  console.log(`corpus: ${options.records} OSV records, ${options.sboms} SBOMs x ${options.packages} packages, ${options.workloads} workloads in ${dir} (ready in ${((performance.now() - generating) / 1000).toFixed(1)} s)`);
  const run = spawnSync(process.execPath, [SCRIPT, '--child', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`the measuring child failed (${run.status}): ${run.stderr}`);
  const result = JSON.parse(run.stdout) as ChildResult;
  const pass = result.totalSeconds < 10 && result.peakRssMB < 1024;
  console.log(
    [
      `OSV load      ${result.osvSeconds.toFixed(2)} s (${result.osvRecords} records)`,
      `SBOM read     ${result.sbomSeconds.toFixed(2)} s`,
      `match + join  ${result.matchSeconds.toFixed(2)} s (${result.images} images, ${result.vulnerabilities} vulnerabilities)`,
      `scan          ${result.scanSeconds.toFixed(2)} s (findings: ${Object.entries(result.findings).map(([id, n]) => `${id} ${n}`).join(', ')})`,
      `total         ${result.totalSeconds.toFixed(2)} s wall (${result.cpuSeconds.toFixed(2)} s CPU), peak RSS ${result.peakRssMB} MB: ${pass ? 'PASS' : 'FAIL'} (target < 10 s and < 1024 MB)`,
    ].join('\n'),
  );
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === SCRIPT) {
  const argv = process.argv.slice(2);
  (argv[0] === '--child' ? child(argv[1] ?? '') : runVulnBench(argv)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  });
}

