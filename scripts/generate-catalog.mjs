// Regenerates src/guidance/catalog.ts from the control catalog spec (../shared/spec/controls.md).
// The catalog is the single source of truth for control IDs, titles, scopes and default severities,
// and (its section 11) for the recommendations that no input can prove: the manual checklist.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Usage: node scripts/generate-catalog.mjs [SPEC] [OUT]; OUT defaults to src/guidance/catalog.ts, whose
// manual-check IDs are kept (see below).
const specPath = process.argv[2] ?? join(root, '..', 'shared', 'spec', 'controls.md');
const outPath = process.argv[3] ?? join(root, 'src', 'guidance', 'catalog.ts');
const lines = readFileSync(specPath, 'utf8').split('\n');
const sectionNames = {
  POD: 'Kubernetes Pod security',
  NET: 'Network separation and hardening',
  CP: 'Control plane hardening',
  SEC: 'Encryption, Secrets and sensitive information',
  AUTH: 'Authentication and authorization',
  LOG: 'Audit logging and threat detection',
  UPG: 'Upgrading and application security practices',
};

/** The cells of a markdown table row; `\|` inside a cell is a literal bar. */
const cellsOf = (line) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));

const controls = [];
for (const line of lines) {
  if (!line.startsWith('| NSA-')) continue;
  const [id, title, guidance, scope, failWhen, severityText, kubescape, pss, remediation] = cellsOf(line);
  const severity = severityText.split(' ')[0];
  // The spec writes "same" (or "same; ...") for the guidance of the row above.
  const previous = controls[controls.length - 1];
  const resolvedGuidance = /^same\b/.test(guidance) && previous ? guidance.replace(/^same/, previous.guidance) : guidance;
  const family = id.split('-')[1];
  controls.push({
    id, title, family, section: sectionNames[family], guidance: resolvedGuidance,
    scope: scope.split(',').map((s) => s.trim().split(' ')[0]).filter(Boolean),
    severity, failWhen, kubescape: kubescape === '–' ? undefined : kubescape,
    pss: pss === '–' ? undefined : pss, remediation,
  });
}

const controlIds = new Set(controls.map((c) => c.id));

/**
 * Control IDs a manual item refers to, written the short way in the spec: "POD-036", "CP-002…013"
 * (a range), "LOG-009/010" (a list).
 */
function relatedControls(text) {
  const ids = [];
  for (const match of text.matchAll(/\b(POD|NET|CP|SEC|AUTH|LOG|UPG)-(\d{3})((?:[…/]\d{3})*)/g)) {
    const [, family, first, rest] = match;
    const numbers = [Number(first)];
    for (const [, separator, number] of rest.matchAll(/([…/])(\d{3})/g)) {
      if (separator === '/') numbers.push(Number(number));
      else for (let n = numbers[numbers.length - 1] + 1; n <= Number(number); n++) numbers.push(n);
    }
    for (const n of numbers) {
      const id = `NSA-${family}-${String(n).padStart(3, '0')}`;
      if (!controlIds.has(id)) throw new Error(`section 11 refers to ${id}, which is not in the catalog`);
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

// The manual items of the previous catalog.ts: an item keeps its ID when rows are added, removed or
// reordered in the spec, or when one of its two cells is reworded, so auditors' records keep pointing at
// the same item. The number after the highest ID ever given is kept too: a removed item's ID is never reused.
let previousItems = [];
let next = 1;
if (existsSync(outPath)) {
  const text = readFileSync(outPath, 'utf8');
  const previous = /export const manualChecks = (\[[\s\S]*?\n\]) as const/.exec(text);
  previousItems = previous ? JSON.parse(previous[1]) : [];
  next = Number(/next manual check number: (\d+)/.exec(text)?.[1] ?? 1);
}
const manualSectionStart = lines.findIndex((l) => /^## 11\. /.test(l));
if (manualSectionStart === -1) throw new Error('the spec has no section 11 (recommendations that cannot be checked automatically)');
const manualRows = [];
for (const line of lines.slice(manualSectionStart + 1)) {
  if (line.startsWith('## ')) break;
  if (!line.startsWith('| ') || /^\|\s*-/.test(line) || line.startsWith('| Guidance item |')) continue;
  const [item, reason] = cellsOf(line);
  // The guidance pages close the item: "(p.15–17)", "(p.28–29, [v1.2])", or "(`command`, p.18)".
  const pages = /\s*\(((?:p\.|\[v1\.2\])[^()]*)\)$/.exec(item);
  const trailingPage = pages ? undefined : /, (p\.[\d–-]+)\)$/.exec(item);
  const recommendation = pages ? item.slice(0, pages.index) : trailingPage ? item.slice(0, trailingPage.index) + ')' : item;
  const guidance = pages?.[1] ?? trailingPage?.[1];
  manualRows.push({
    recommendation,
    ...(guidance ? { guidance } : {}),
    reason,
    relatedControls: relatedControls(reason),
  });
}
const taken = new Set();
const previousId = (row) =>
  previousItems.find((p) => !taken.has(p.id) && p.recommendation === row.recommendation)?.id ??
  previousItems.find((p) => !taken.has(p.id) && p.reason === row.reason)?.id;
const manualChecks = manualRows.map((row) => {
  const id = previousId(row) ?? `MANUAL-${String(next++).padStart(2, '0')}`;
  taken.add(id);
  return { id, ...row };
});

const out = `// Generated by scripts/generate-catalog.mjs from the control catalog spec: do not edit by hand.
import type { CatalogEntry, ManualCheck } from './types.js';

export const catalog = ${JSON.stringify(controls, null, 2)} as const satisfies readonly CatalogEntry[];

export type ControlId = (typeof catalog)[number]['id'];

// next manual check number: ${next}
/** The catalog's section 11: guidance recommendations no input can prove, for the auditor's checklist. */
export const manualChecks = ${JSON.stringify(manualChecks, null, 2)} as const satisfies readonly ManualCheck[];
`;
writeFileSync(outPath, out);
console.log(`${controls.length} controls and ${manualChecks.length} manual checks written`);
