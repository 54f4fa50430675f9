// Text renderings of the control catalog for the terminal: `kubeharden controls`, `kubeharden explain`
// and `kubeharden explain --manual`. Pure functions; the CLI only writes what they return.
import type { ScanSettings } from '../engine/settings.js';
import { formatPssVersion } from '../pss/version.js';
import type { ControlInfo } from './control-info.js';
import { notImplementedReason, scopeNames, scopeSources } from './scopes.js';
import type { ManualCheck } from './types.js';

const width = 100;

/** The catalog's cells are markdown: bold marks are dropped for the terminal; code spans are kept as written. */
export function plainText(markdown: string): string {
  return markdown
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/\*\*(.+?)\*\*/g, '$1')))
    .join('');
}

/** Word-wraps text to the terminal width; continuation lines get `hanging` (by default the same indent). */
export function wrap(text: string, indent = '  ', hanging = indent, lineWidth = width): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let prefix = indent;
    for (const word of paragraph.split(/ +/)) {
      if (line && prefix.length + line.length + 1 + word.length > lineWidth) {
        lines.push(prefix + line);
        prefix = hanging;
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line ? prefix + line : '');
  }
  return lines.join('\n');
}

/** The flags that give these settings on the command line, so an example says how it was judged. */
const settingFlags: { readonly [K in keyof ScanSettings]-?: (value: ScanSettings[K]) => string } = {
  pssVersion: (v) => `--pss-version ${formatPssVersion(v)}`,
  systemNamespaces: (v) => `--system-namespaces ${v.join(',')}`,
  trustedRegistries: (v) => `--trusted-registries ${v.join(',')}`,
  allowedHostPaths: (v) => `--allowed-host-paths ${v.join(',')}`,
  allowedCapabilities: (v) => `--allowed-capabilities ${v.join(',')}`,
  strictAppArmor: (v) => (v ? '--strict-apparmor' : ''),
  strictVolumeTypes: (v) => (v ? '--strict-volume-types' : ''),
  tokenAllowList: (v) => `--token-allow-list ${v.join(',')}`,
  adminSubjects: (v) => `--admin-subjects ${v.join(',')}`,
  metadataAddresses: (v) => `--metadata-addresses ${v.join(',')}`,
  auditLogMaxAgeDays: (v) => `--audit-log-max-age ${v}`,
  podTemplates: (v) => [...v].map(([kind, at]) => `--pod-template ${kind}=${at.spec.slice(0, -1).join('.')}`).join(' '),
  sensitiveKeyPatterns: (v) => v.map((p) => `--sensitive-key-pattern '${p}'`).join(' '),
  nonSensitiveKeyPatterns: (v) => v.map((p) => `--non-sensitive-key-pattern '${p}'`).join(' '),
  secretValuePatterns: (v) => v.map((p) => `--secret-value-pattern '${p}'`).join(' '),
  supportedKubernetesMinors: (v) => `--supported-versions v1.${v.oldest}-v1.${v.newest}`,
  nodeMinimums: (v) =>
    [
      `--min-kernel ${v.kernel}`,
      ...Object.entries(v.runtimes).map(([name, version]) => `--min-runtime ${name}=${version}`),
      ...Object.entries(v.operatingSystems).map(([name, version]) => `--min-os '${name}=${version}'`),
    ].join(' '),
  vulnerabilities: (v) =>
    !v
      ? ''
      : [
      ...v.evidence.images.flatMap((image) => image.sources.map((source, i) => `${image.kinds[i] === 'sbom' ? '--sbom' : '--vuln-report'} ${source}`)),
      v.minSeverity === 'high' ? '' : `--vuln-severity ${v.minSeverity}`,
      v.includeUnfixable ? '--vuln-include-unfixable' : '',
    ]
      .filter(Boolean)
      .join(' '),
  // Values `kubeharden fix` writes: no control is judged by them, so no example needs them.
  fixDefaults: () => '',
};

/** Command-line flags equivalent to the given settings, e.g. `--trusted-registries registry.example.com`. */
export function settingsAsFlags(settings: Partial<ScanSettings>): string {
  return (Object.keys(settings) as (keyof ScanSettings)[])
    .map((key) => (settingFlags[key] as (value: unknown) => string)(settings[key]))
    .filter(Boolean)
    .join(' ');
}

const notation: readonly (readonly [RegExp, string])[] = [
  [/\bP\b/, 'P is the pod spec (of a Pod, or the pod template of a workload)'],
  [/\bC\b|\bC\[\*\]/, 'C is any container, init container or ephemeral container'],
  [/\beff\(/, "eff(x) is the container's securityContext.x if set, else the pod's"],
];

/** A legend for the catalog's notation (P, C, eff) as far as the text uses it, or undefined. */
export function catalogNotation(text: string): string | undefined {
  const used = notation.filter(([pattern]) => pattern.test(text)).map(([, meaning]) => meaning);
  return used.length > 0 ? used.join('; ') + '.' : undefined;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** `kubeharden controls`: every catalog control, grouped by guidance section, or the same as JSON. */
export function renderControlList(infos: readonly ControlInfo[], format: 'table' | 'json'): string {
  if (format === 'json') {
    const rows = infos.map((c) => ({
      id: c.id,
      slug: c.slug ?? null,
      title: c.title,
      section: c.section,
      severity: c.severity,
      scopes: c.scope,
      implemented: c.implemented,
      fixable: c.fixable,
      heuristic: c.heuristic,
    }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  const slugWidth = Math.max(4, ...infos.map((c) => (c.slug ?? '-').length));
  const header = `  ${'ID'.padEnd(13)} ${'SLUG'.padEnd(slugWidth)}  ${'SEVERITY'.padEnd(9)} ${'SCOPES'.padEnd(9)} ${'IMPLEMENTED'.padEnd(12)} ${'FIX'.padEnd(4)} TITLE`;
  const out: string[] = [];
  let section: string | undefined;
  for (const c of infos) {
    if (c.section !== section) {
      if (section !== undefined) out.push('');
      section = c.section;
      out.push(`${section} (NSA-${c.family})`, header);
    }
    out.push(
      `  ${c.id.padEnd(13)} ${(c.slug ?? '-').padEnd(slugWidth)}  ${c.severity.padEnd(9)} ${c.scope.join(',').padEnd(9)} ${yesNo(c.implemented).padEnd(12)} ${yesNo(c.fixable).padEnd(4)} ${plainText(c.title)}`,
    );
  }
  const implemented = infos.filter((c) => c.implemented).length;
  const fixable = infos.filter((c) => c.fixable).length;
  out.push(
    '',
    `${infos.length} controls, ${implemented} implemented, ${fixable} with an automatic fix. Scopes: ${Object.entries(scopeNames).map(([s, name]) => `${s} ${name}`).join(', ')}.`,
    'kubeharden explain <ID|slug> describes a control; kubeharden explain --manual lists the checks no scan can make.',
  );
  return out.join('\n') + '\n';
}

/** `kubeharden explain ID|SLUG`: what a control checks, why, what fails, how to fix it, and a compliant example. */
export function explainControl(c: ControlInfo): string {
  const field = (name: string, value: string): string => `  ${(name + ':').padEnd(13)} ${value}`;
  const out = [`${c.id}  ${plainText(c.title)}`, ''];
  if (c.slug) out.push(field('slug', c.slug));
  out.push(
    field('section', c.section),
    field('severity', c.severity),
    field('scopes', c.scope.map((s) => `${s} (${scopeNames[s]})`).join(', ')),
    field('implemented', c.implemented ? 'yes' : `no: ${notImplementedReason(c)}`),
    field('fix', c.fixable ? 'yes' : 'no'),
  );
  if (c.heuristic) out.push(field('heuristic', 'yes: a judgement from indirect evidence, not an exact reading of the guidance'));
  out.push(field('guidance', plainText(c.guidance)));
  if (c.pss) out.push(field('PSS', plainText(c.pss)));
  if (c.kubescape) out.push(field('Kubescape', plainText(c.kubescape)));
  if (c.rationale) out.push('', 'Why it matters', wrap(c.rationale));
  out.push('', 'Fails when', wrap(plainText(c.failWhen)));
  const legend = catalogNotation(c.failWhen);
  if (legend) out.push(wrap(`(${legend})`));
  out.push('', 'Remediation', wrap(plainText(c.remediation)));
  if (c.example) {
    const flags = c.exampleSettings ? settingsAsFlags(c.exampleSettings) : '';
    out.push('', `Compliant example${flags ? ` (judged with ${flags})` : ''}`, indentBlock(c.example));
  }
  if (!c.implemented) {
    out.push('', 'Not checked yet', wrap('kubeharden does not check this control yet: scan reports list it as not evaluated, never as passed. Its evidence comes from:'));
    for (const s of c.scope) out.push(wrap(`- ${s}: ${scopeSources[s]}`, '    ', '      '));
  }
  return out.join('\n') + '\n';
}

/** `kubeharden explain --manual`: the guidance recommendations an auditor has to check by hand. */
export function explainManualChecks(checks: readonly ManualCheck[], infos: readonly ControlInfo[]): string {
  const byId = new Map(infos.map((c) => [c.id, c]));
  const out = [
    `Manual checks: ${checks.length} recommendations of the NSA/CISA Kubernetes Hardening Guidance that no manifest,`,
    'API object or config file can prove. Every scan report lists them (manualChecks in the JSON report);',
    'review each one and keep the evidence with the report.',
  ];
  for (const check of checks) {
    const headline = `${plainText(check.recommendation)}${check.guidance ? ` (${check.guidance})` : ''}`;
    out.push('', wrap(headline, `${check.id}  `, ' '.repeat(check.id.length + 2)));
    out.push(wrap(`Why manual: ${plainText(check.reason)}`, '    '));
    if (check.relatedControls.length > 0) {
      const related = check.relatedControls.map((id) => {
        const info = byId.get(id);
        return info?.slug ? `${id} (${info.slug})` : `${id}${info?.implemented ? '' : ' (not implemented yet)'}`;
      });
      out.push(wrap(`Checked in part by: ${related.join(', ')}`, '    '));
    }
  }
  return out.join('\n') + '\n';
}

function indentBlock(text: string): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''))
    .join('\n');
}
