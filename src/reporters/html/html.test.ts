import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
import { builtinControls } from '../../controls/index.js';
import type { ScanReport } from '../../core/report.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { scan } from '../../engine/scan.js';
import { parseManifests } from '../../parse/manifests.js';
import { HOSTILE_SECRET_VALUE, hostileManifest, hostileNames } from '../../testing/hostile-manifest.js';
import { repoRoot } from '../../testing/shared-fixtures.js';
import { sourceExcerpts } from '../excerpts.js';
import { builtinReporters } from '../index.js';
import { renderToString } from '../reporter.js';
import { CLIENT_SCRIPT } from './client.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { CONTENT_SECURITY_POLICY, htmlReporter } from './html.js';
import { STYLES } from './styles.js';

const file = 'hostile.yaml';
const parsed = parseManifests({ path: file, text: hostileManifest });
const report: ScanReport = {
  ...scan(parsed.resources, { controls: builtinControls, settings: defaultSettings, failOn: 'high' }),
  errors: [{ kind: 'input', file: '<b>broken.yaml', line: 3, column: 1, message: 'bad indentation near <script>window.__pwned=5</script>' }],
};
const html = renderToString(htmlReporter, report, { color: false, excerpts: sourceExcerpts(new Map([[file, hostileManifest]])) });

interface Payload {
  controls: [string, string, string, string, string][];
  resources: [string, string, string, string, string][];
  excerpts: [string, number, number, string[], number][];
  findings: [number, number, number, number, number, string, string, string, number, string, number][];
}
function payloadOf(page: string): Payload {
  const match = /<script type="application\/json" id="kh-data">([^<]*)<\/script>/.exec(page);
  assert.ok(match, 'no data element');
  return JSON.parse(match[1] as string) as Payload;
}

describe('HTML report', () => {
  it('is registered as --format html', () => {
    assert.equal(builtinReporters['html'], htmlReporter);
  });

  it('puts hostile text from the manifests into the page only escaped', () => {
    assert.ok(report.findings.some((f) => f.resource.name === hostileNames.pod && f.resource.namespace === hostileNames.namespace));
    assert.ok(report.findings.some((f) => f.suppression?.reason === hostileNames.reason));
    assert.equal((html.match(/<script/gi) ?? []).length, 2, 'only the data element and the page script');
    assert.equal((html.match(/<\/script/gi) ?? []).length, 2);
    for (const tag of ['<img', '<svg onload', '<b>', '<!--']) assert.ok(!html.includes(tag), `${tag} is in the page unescaped`);
    assert.ok(!html.includes('window.__pwned=5</'), 'the error message is escaped');
    assert.ok(html.includes(escapeHtml(report.errors[0]?.message ?? '')), 'the error message is shown');
    assert.ok(html.includes(`<option value="${escapeHtml(hostileNames.namespace)}">`), 'the namespace filter option is escaped');
  });

  it('carries the hostile text exactly in its data, which the page script puts in as text', () => {
    const payload = payloadOf(html);
    assert.ok(payload.resources.some((r) => r[2] === hostileNames.pod && r[1] === hostileNames.namespace));
    assert.ok(payload.findings.some((f) => f[7] === hostileNames.container));
    assert.ok(payload.findings.some((f) => f[2] === 2 && f[9] === `annotation: ${hostileNames.reason}`));
    assert.ok(!/\binnerHTML\b|insertAdjacentHTML|outerHTML|document\.write/.test(CLIENT_SCRIPT), 'the page script never parses markup');
  });

  it('shows the offending lines with credentials masked', () => {
    const payload = payloadOf(html);
    const privileged = report.findings.findIndex((f) => f.controlId === 'NSA-POD-006');
    const row = payload.findings[privileged];
    assert.ok(row && row[8] >= 0, 'the privileged finding has an excerpt');
    const [excerptFile, firstLine, focusLine, lines, masked] = payload.excerpts[row[8]] ?? [];
    assert.equal(excerptFile, file);
    assert.equal(focusLine, report.findings[privileged]?.location?.line);
    assert.equal(lines?.[(focusLine ?? 0) - (firstLine ?? 0)], '        privileged: true');
    assert.ok(lines?.includes('          value: ********'), JSON.stringify(lines));
    assert.equal(masked, 1);
    assert.ok(!html.includes(HOSTILE_SECRET_VALUE), 'the env password is not in the page');
  });

  it('loads nothing from anywhere: a strict policy, no external URL, no src attribute', () => {
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`));
    assert.match(CONTENT_SECURITY_POLICY, /^default-src 'none';/);
    // Every tag of the page: attribute values are escaped, so a tag ends at the first '>'.
    const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
    assert.ok(tags.length > 500);
    for (const [tag, , attributes] of tags) {
      const names = [...(attributes ?? '').matchAll(/\s([^\s=]+)(?:="[^"]*")?/g)].map((m) => m[1]?.toLowerCase());
      assert.ok(!names.some((n) => n === 'src' || n === 'srcset' || n === 'action' || n === 'style' || n?.startsWith('on')), tag);
      const href = /\shref="([^"]*)"/.exec(attributes ?? '')?.[1];
      if (href !== undefined) assert.match(href, /^#[a-z-]+$/, tag);
    }
    assert.ok(!/url\(|@import/.test(STYLES));
  });

  it('has the scores, the control table, the workloads, the manual checklist and the errors', () => {
    assert.ok(html.includes(`<title>kubeharden report: score ${report.summary.score === null ? 'n/a' : `${report.summary.score}%`}`));
    assert.equal((html.match(/<tr data-status="/g) ?? []).length, report.controls.length);
    assert.equal((html.match(/<tr data-level="/g) ?? []).length, report.workloads.length);
    assert.equal((html.match(/<li><input type="checkbox" id="manual-/g) ?? []).length, report.manualChecks.length);
    assert.ok(report.manualChecks.length > 0);
    assert.match(html, /<p class="banner" role="alert"><strong>The scan is incomplete:/);
    assert.ok(html.includes('<td class="mono">&lt;b&gt;broken.yaml:3:1</td>'));
  });

  it('shows findings that have no location (an inferred object) without an excerpt', () => {
    const first = report.findings[0];
    assert.ok(first);
    const cluster = { apiVersion: 'kubeharden.io/v1', kind: 'Cluster', name: 'cluster' };
    const withInferred: ScanReport = { ...report, findings: [...report.findings, { ...first, resource: cluster, location: undefined }] };
    const page = renderToString(htmlReporter, withInferred, { color: false, excerpts: sourceExcerpts(new Map([[file, hostileManifest]])) });
    const payload = payloadOf(page);
    const row = payload.findings.at(-1);
    assert.deepEqual([row?.[3], row?.[4], row?.[8]], [0, 0, -1]);
    assert.deepEqual(payload.resources[row?.[1] ?? -1], ['Cluster', '', 'cluster', 'kubeharden.io/v1', '']);
    assert.match(page, /<option value="">\(cluster-scoped or none\) \(1\)<\/option>/);
  });

  it('works without source lines (a report rendered from JSON)', () => {
    const page = renderToString(htmlReporter, report, { color: false });
    assert.ok(payloadOf(page).findings.every((f) => f[8] === -1));
    assert.deepEqual(payloadOf(page).excerpts, []);
  });

  it('renders an empty report', () => {
    const empty = scan([], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
    const page = renderToString(htmlReporter, empty, { color: false });
    assert.match(page, /<p>No findings\.<\/p>/);
    assert.match(page, /<p>No workloads in the input\.<\/p>/);
    assert.ok(page.includes(`<title>kubeharden report: score ${empty.summary.score === null ? 'n/a' : `${empty.summary.score}%`}, 0 failed findings</title>`));
  });

  it('embeds a page script that parses, and JSON that cannot end its element', () => {
    assert.doesNotThrow(() => new Script(CLIENT_SCRIPT));
    assert.equal(jsonForScript({ a: '</script><!-- \u2028 &' }), '{"a":"\\u003c/script\\u003e\\u003c!-- \\u2028 \\u0026"}');
    assert.deepEqual(JSON.parse(jsonForScript({ a: '</script><!-- \u2028 &' })), { a: '</script><!-- \u2028 &' });
  });

  it('is written by `kubeharden scan --format html --output FILE`, with the lines of files and of standard input', () => {
    const root = repoRoot();
    assert.ok(root);
    const out = join(mkdtempSync(join(tmpdir(), 'kubeharden-html-cli-')), 'report.html');
    const run = (args: string[], input = '') =>
      spawnSync(process.execPath, [join(root, 'dist', 'cli', 'bin.js'), 'scan', ...args, '--format', 'html', '--output', out], { cwd: root, input, encoding: 'utf8' });
    const files = run(['examples/insecure']);
    assert.equal(files.status, 1, files.stderr);
    const fromFiles = payloadOf(readFileSync(out, 'utf8'));
    assert.ok(fromFiles.findings.length > 20 && fromFiles.findings.every((f) => f[8] >= 0), 'every finding has its lines');
    const privileged = fromFiles.findings.find((f) => fromFiles.controls[f[0]]?.[0] === 'NSA-POD-006');
    const excerpt = fromFiles.excerpts[privileged?.[8] ?? -1];
    assert.match(excerpt?.[0] ?? '', /^examples\/insecure\/.+\.yaml$/);
    assert.match(excerpt?.[3][(excerpt[2] ?? 0) - (excerpt[1] ?? 0)] ?? '', /privileged: true/);
    const stdin = run(['-'], hostileManifest);
    assert.equal(stdin.status, 1, stdin.stderr);
    const fromStdin = payloadOf(readFileSync(out, 'utf8'));
    assert.ok(fromStdin.excerpts.length > 0 && fromStdin.excerpts.every((x) => x[0] === '<stdin>'));
    assert.ok(!readFileSync(out, 'utf8').includes(HOSTILE_SECRET_VALUE));
  });
});
