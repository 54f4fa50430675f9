// Reports that the reporter tests render: real scans of the bundled examples, and a scan of awkward input
// written to a temporary folder (odd file names and characters, objects not in the input, suppressions,
// a Helm-rendered document, a broken document).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { scanPaths } from '../load/scan-paths.js';
import { parseManifests } from '../parse/manifests.js';
import { repoRoot } from './shared-fixtures.js';

export const root = repoRoot() as string;

/** A scan of `examples/<name>`, with file names relative to the repository root. */
export async function exampleReport(name: 'insecure' | 'hardened'): Promise<ScanReport> {
  const { report } = await scanPaths([join(root, 'examples', name)], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
  return relativeTo(report, root);
}

/** File names as a scan run from `dir` would report them. */
function relativeTo(report: ScanReport, dir: string): ScanReport {
  const prefix = `${dir}/`;
  const strip = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : file);
  return {
    ...report,
    findings: report.findings.map((f) =>
      f.location
        ? {
            ...f,
            location: {
              ...f.location,
              file: strip(f.location.file),
              ...(f.location.rendered ? { rendered: { ...f.location.rendered, file: strip(f.location.rendered.file) } } : {}),
            },
          }
        : f,
    ),
    workloads: report.workloads.map((w) => (w.location ? { ...w, location: { ...w.location, file: strip(w.location.file) } } : w)),
    errors: report.errors.map((e) => (e.file ? { ...e, file: strip(e.file) } : e)),
  };
}

/** A file name with every character the formats must escape: `:`, `,`, `%`, `<`, `>`, `#`, a space and non-ASCII. */
export const ODD_FILE = 'we:ird, 100% <file> #1 ü.yaml';
/** A container name with a line break and a workflow-command injection attempt. */
export const ODD_CONTAINER = 'app\r\n::error::injected';

const oddManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: odd-app
  namespace: kube-tools
  annotations:
    kubeharden.io/ignore: NSA-POD-006,run-as-non-root,NSA-POD-012
    kubeharden.io/ignore-reason: "reviewed: needs <raw> & \\"device\\" access, 100% 'sure'"
spec:
  template:
    spec:
      containers:
        - name: "app\\r\\n::error::injected"
          image: "registry.example.com/a:1,2%3:x<y>&z\\x01\\x1fend"
          securityContext:
            privileged: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: second
  namespace: kube-tools
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

/** A DaemonSet in kube-system makes the input a whole cluster: cluster-wide controls then judge (and fail) it. */
const systemManifest = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  template:
    spec:
      containers: [{name: kube-proxy, image: "registry.k8s.io/kube-proxy:v1.30.0"}]
`;

const renderedManifest = `---
# Source: shop/templates/deploy.yaml
apiVersion: v1
kind: Pod
metadata:
  name: rendered
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const brokenManifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n';

export interface EdgeScan {
  readonly report: ScanReport;
  /** The scanned folder: the working directory to render with. */
  readonly dir: string;
}

/**
 * A scan of awkward input: odd file names and characters, a Namespace and the cluster that are not in the
 * input (findings without a position), findings suppressed by annotation, by a comment and by an
 * exceptions file (the last two as the exceptions work will report them, with owner and expiry), a
 * Helm-rendered document and a document that does not parse.
 */
export async function edgeReport(): Promise<EdgeScan> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-formats-'));
  writeFileSync(join(dir, ODD_FILE), oddManifest);
  writeFileSync(join(dir, 'kube-system.yaml'), systemManifest);
  writeFileSync(join(dir, 'rendered.yaml'), renderedManifest);
  writeFileSync(join(dir, 'broken.yaml'), brokenManifest);
  const { report } = await scanPaths([dir], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
  return { report: { ...report, findings: withOtherSuppressions(report.findings) }, dir };
}

/** Two of the annotation suppressions restated as a comment and an exceptions-file entry would state them. */
function withOtherSuppressions(findings: readonly Finding[]): Finding[] {
  let seen = 0;
  return findings.map((finding) => {
    if (finding.status !== 'suppressed') return finding;
    seen++;
    if (seen === 2) return { ...finding, suppression: { by: 'comment', reason: 'inline: kept for the "legacy" importer' } } as unknown as Finding;
    if (seen === 3) {
      return {
        ...finding,
        suppression: { by: 'config', reason: 'capabilities are managed by the runtime profile', owner: 'payments-team', expires: '2027-06-30' },
      } as unknown as Finding;
    }
    return finding;
  });
}

/** A scan with no finding at all: one compliant Pod and one control. */
export function cleanReport(): ScanReport {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: shop}\nspec:\n  containers: [{name: a, image: x:1}]\n';
  return scan(parseManifests({ path: 'ok.yaml', text }).resources, {
    controls: builtinControls,
    settings: defaultSettings,
    failOn: 'high',
    only: new Set(['NSA-POD-006']),
  });
}

/** Objects read from a live cluster have no file: every finding is without a position. */
export function clusterOnlyReport(): ScanReport {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: a, image: x:1, securityContext: {privileged: true}}]\n';
  const resources: Resource[] = parseManifests({ path: 'live.yaml', text }).resources.map(({ source: _source, ...resource }) => ({
    ...resource,
    origin: { type: 'cluster', context: 'test' },
  }));
  return scan(resources, { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
}
