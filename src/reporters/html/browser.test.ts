// The HTML report in a real browser: Debian's Chromium driven by playwright-core, the page opened from
// file:// as a user opens it. Skipped, visibly, where Chromium is not installed; CI installs it and sets
// KUBEHARDEN_REQUIRE_BROWSER=1 so that there it cannot be skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { builtinControls } from '../../controls/index.js';
import type { ScanReport } from '../../core/report.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { scan } from '../../engine/scan.js';
import { parseManifests } from '../../parse/manifests.js';
import { browserRequired, chromiumArgs, chromiumExecutable } from '../../testing/browser.js';
import { HOSTILE_SECRET_VALUE, hostileManifest, hostileNames } from '../../testing/hostile-manifest.js';
import { repoRoot } from '../../testing/shared-fixtures.js';
import { sourceExcerpts } from '../excerpts.js';
import { renderToString } from '../reporter.js';
import { namespaceOf } from './findings-model.js';
import { htmlReporter } from './html.js';

const executable = chromiumExecutable();
const skip = executable || browserRequired() ? false : 'Debian chromium is not installed (apt-get install chromium): the browser tests are skipped';
const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

function cli(args: string[], input = ''): void {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `kubeharden ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

/** Everything the page did that it should not: console errors and warnings, uncaught errors, requests. */
interface Watch {
  readonly problems: string[];
  readonly requests: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { problems: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    w.problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => w.requests.push(r.url()));
  return w;
}

/** Milliseconds from navigation to the end of the load event (the page script runs before it). */
async function loadMs(page: Page): Promise<number> {
  return page.evaluate<number>("(() => { const nav = performance.getEntriesByType('navigation')[0]; return Math.round(nav.loadEventEnd - nav.startTime); })()");
}

const count = async (page: Page): Promise<number> => Number(await page.getAttribute('#kh-count', 'data-count'));

/** Opens every group of the current filter and returns what each rendered finding row says it is. */
async function renderedRows(page: Page): Promise<{ severity: string; namespace: string; control: string; status: string; text: string }[]> {
  await page.click('#kh-expand');
  return page.$$eval('#kh-groups tr[data-finding]', (rows) =>
    rows.map((r) => ({
      severity: r.getAttribute('data-severity') ?? '',
      namespace: r.getAttribute('data-namespace') ?? '',
      control: r.getAttribute('data-control') ?? '',
      status: r.getAttribute('data-status') ?? '',
      text: (r as unknown as { innerText: string }).innerText,
    })),
  );
}

/** The page's CSP forbids eval, so waits are on selectors rather than page functions given as strings. */
async function clearFilters(page: Page, total: number): Promise<void> {
  await page.click('#kh-filters button[type=reset]');
  await page.waitForSelector(`#kh-count[data-count="${total}"]`);
}

describe('HTML report in headless Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  let report: ScanReport;
  let examplesUrl: string;

  before(async () => {
    assert.ok(executable, 'KUBEHARDEN_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium');
    dir = mkdtempSync(join(tmpdir(), 'kubeharden-html-'));
    const html = join(dir, 'insecure.html');
    const json = join(dir, 'insecure.json');
    cli(['scan', 'examples/insecure', '--format', 'html', '--output', html]);
    cli(['scan', 'examples/insecure', '--format', 'json', '--output', json]);
    report = JSON.parse(readFileSync(json, 'utf8')) as ScanReport;
    examplesUrl = pathToFileURL(html).href;
    browser = await chromium.launch({ executablePath: executable, args: [...chromiumArgs] });
  });

  after(async () => {
    await browser?.close();
  });

  it('opens the examples report from file:// with no console error and no request but the file itself', async (t) => {
    const page = await browser.newPage();
    const w = watch(page);
    await page.goto(examplesUrl, { waitUntil: 'load' });
    t.diagnostic(`examples report: ${statSync(new URL(examplesUrl)).size} bytes, loaded in ${await loadMs(page)} ms`);
    await page.click('#kh-expand');
    await page.click('input[name=group][value=resource]');
    await page.click('#kh-expand');
    assert.deepEqual(w.problems, []);
    assert.deepEqual(w.requests, [examplesUrl]);
    assert.equal(await count(page), report.findings.length);
    assert.equal(await page.locator('#kh-controls-table tbody tr[data-status]').count(), report.controls.length);
    await page.close();
  });

  it('filters by severity, namespace and control, and groups by resource', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const w = watch(page);
    await page.goto(examplesUrl);
    const total = report.findings.length;
    assert.equal(await count(page), total);

    await page.selectOption('#kh-severity', 'critical');
    const critical = report.findings.filter((f) => f.severity === 'critical');
    assert.ok(critical.length > 0 && critical.length < total);
    assert.equal(await count(page), critical.length);
    const criticalRows = await renderedRows(page);
    assert.equal(criticalRows.length, critical.length);
    assert.ok(criticalRows.every((r) => r.severity === 'critical'));

    await clearFilters(page, total);
    const namespace = 'shop-logging';
    const inNamespace = report.findings.filter((f) => namespaceOf(f.resource) === namespace);
    assert.ok(inNamespace.length > 0 && inNamespace.length < total, `the examples have findings in ${namespace}`);
    await page.selectOption('#kh-namespace', namespace);
    assert.equal(await count(page), inNamespace.length);
    const namespaceRows = await renderedRows(page);
    assert.equal(namespaceRows.length, inNamespace.length);
    assert.ok(namespaceRows.every((r) => r.namespace === namespace));

    await clearFilters(page, total);
    const control = 'NSA-POD-005';
    const ofControl = report.findings.filter((f) => f.controlId === control);
    await page.selectOption('#kh-control', control);
    assert.equal(await count(page), ofControl.length);
    const controlRows = await renderedRows(page);
    assert.deepEqual(
      controlRows.map((r) => r.control),
      ofControl.map(() => control),
    );
    assert.ok(controlRows.every((r, i) => r.text.includes(ofControl[i]?.message ?? '?')), 'each row shows its message');
    assert.equal(await page.locator('#kh-groups details.group').count(), 1, 'one group: the control');

    // Filters combine, and grouping by resource gives one group per resource.
    await page.selectOption('#kh-namespace', 'shop');
    const both = ofControl.filter((f) => namespaceOf(f.resource) === 'shop');
    assert.equal(await count(page), both.length);
    await page.click('input[name=group][value=resource]');
    const resources = new Set(both.map((f) => `${f.resource.kind}/${f.resource.name}`));
    assert.equal(await page.locator('#kh-groups details.group').count(), resources.size);

    // Free text narrows to one resource.
    await clearFilters(page, total);
    await page.fill('#kh-text', 'toolbox');
    const toolbox = report.findings.filter((f) => f.resource.name === 'toolbox').length;
    assert.ok(toolbox > 0);
    await page.waitForSelector(`#kh-count[data-count="${toolbox}"]`);

    // The control table's button shows that control's findings.
    await page.click('button[data-show-control="NSA-POD-006"]');
    assert.equal(await page.inputValue('#kh-control'), 'NSA-POD-006');
    assert.equal(await page.inputValue('#kh-text'), '');
    assert.equal(await count(page), report.findings.filter((f) => f.controlId === 'NSA-POD-006').length);
    await page.waitForSelector('#kh-groups details.group[open] pre.excerpt .focus');
    const focus = await page.locator('#kh-groups pre.excerpt .focus').first().innerText();
    assert.match(focus, /privileged: true/);

    const shots = mkdtempSync(join(tmpdir(), 'kubeharden-html-screens-'));
    const shot = join(shots, 'examples-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 20_000, 'the screenshot has content');
    t.diagnostic(`screenshot: ${shot}`);
    assert.deepEqual(w.problems, []);
    await page.close();
  });

  it('keyboard: a group opens from its summary with Enter, and the filters are labelled', async () => {
    const page = await browser.newPage();
    await page.goto(examplesUrl);
    for (const id of ['kh-severity', 'kh-namespace', 'kh-control', 'kh-status', 'kh-text']) {
      assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${id} has a label`);
    }
    await page.focus('#kh-groups details.group > summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#kh-groups details.group[open] tr[data-finding]');
    await page.close();
  });

  it('runs none of the hostile text of the manifests, shows it as text, and masks the password', async () => {
    const html = join(dir, 'hostile.html');
    cli(['scan', '-', '--format', 'html', '--output', html], hostileManifest);
    const page = await browser.newPage();
    const w = watch(page);
    await page.goto(pathToFileURL(html).href);
    await page.click('input[name=group][value=resource]');
    await page.click('#kh-expand');
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(hostileNames.pod) && text.includes(hostileNames.namespace), 'the names are shown as text');
    assert.ok(text.includes(hostileNames.container));
    assert.ok(text.includes(hostileNames.reason));
    assert.ok(text.includes('value: ********'), 'the excerpt shows the masked env value');
    assert.ok(!text.includes(HOSTILE_SECRET_VALUE));
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.equal(await page.locator('script').count(), 2, 'the data element and the page script only');
    assert.equal(await page.locator('img, [onload], [onerror]').count(), 0);
    assert.deepEqual(w.problems, []);
    await page.close();
  });

  it('stays responsive with 10,000 findings', async (t) => {
    const documents: string[] = [];
    for (let i = 0; i < 600; i++) documents.push(largeDeployment(i));
    const text = documents.join('---\n');
    const big = scan(parseManifests({ path: 'big.yaml', text }).resources, { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
    assert.ok(big.findings.length >= 10_000, `${big.findings.length} findings`);
    const file = join(dir, 'big.html');
    const started = performance.now();
    writeFileSync(file, renderToString(htmlReporter, big, { color: false, excerpts: sourceExcerpts(new Map([['big.yaml', text]])) }));
    const renderMs = Math.round(performance.now() - started);
    const page = await browser.newPage();
    const w = watch(page);
    await page.goto(pathToFileURL(file).href);
    const load = await loadMs(page);
    const elements = await page.evaluate<number>("document.getElementsByTagName('*').length");
    t.diagnostic(`${big.findings.length} findings: ${statSync(file).size} bytes rendered in ${renderMs} ms, loaded in ${load} ms, ${elements} elements`);
    assert.equal(await count(page), big.findings.length);
    assert.ok(load < 10_000, `load took ${load} ms`);
    // The change handler filters, groups and renders synchronously: its duration is the user's wait.
    const filterMs = await page.evaluate<number>(
      "(() => { const select = document.getElementById('kh-severity'); const t0 = performance.now(); select.value = 'high'; select.dispatchEvent(new Event('change', { bubbles: true })); return performance.now() - t0; })()",
    );
    t.diagnostic(`filtering 10k findings by severity: ${Math.round(filterMs)} ms`);
    assert.ok(filterMs < 2_000, `filtering took ${filterMs} ms`);
    assert.equal(await count(page), big.findings.filter((f) => f.severity === 'high').length);
    await page.click('input[name=group][value=resource]');
    assert.equal(await page.locator('#kh-groups details.group').count(), 100, 'groups are rendered a page at a time');
    await page.click('#kh-more-groups');
    assert.equal(await page.locator('#kh-groups details.group').count(), 200);

    // Expand opens only what is on screen; printing renders every finding of the filter, past the pages.
    const perControl = new Map<string, number>();
    for (const f of big.findings) perControl.set(f.controlId, (perControl.get(f.controlId) ?? 0) + 1);
    const [largest, printed] = [...perControl].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    assert.ok(printed > 200, `${largest} has ${printed} findings`);
    await page.selectOption('#kh-severity', '');
    await page.selectOption('#kh-control', largest);
    await page.click('input[name=group][value=control]');
    await page.click('#kh-expand');
    assert.equal(await page.locator('#kh-groups tr[data-finding]').count(), 100, 'expand renders the first page of findings');
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    assert.equal(await page.locator('#kh-groups tr[data-finding]').count(), printed);
    assert.deepEqual(w.problems, []);
    await page.close();
  });
});

/** A Deployment with a dozen or so findings (hostNetwork, privileged, latest tag, no limits...). */
function largeDeployment(i: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    `  namespace: team-${i % 25}`,
    'spec:',
    `  selector: {matchLabels: {app: app-${i}}}`,
    '  template:',
    `    metadata: {labels: {app: app-${i}}}`,
    '    spec:',
    `      hostNetwork: ${i % 3 === 0}`,
    '      containers:',
    '        - name: main',
    `          image: registry.example/app-${i}:latest`,
    `          securityContext: {privileged: ${i % 7 === 0}, allowPrivilegeEscalation: true}`,
    '          env:',
    '            - name: API_TOKEN',
    `              value: tok-${i}`,
    '        - name: sidecar',
    '          image: proxy:1.0',
    '',
  ].join('\n');
}
