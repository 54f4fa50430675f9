/**
 * Severity from CVSS vectors. v3.0/v3.1: the base score by the specification's formulas (first.org CVSS
 * v3.1 §7.1, with its Roundup), rated by its qualitative scale. v4.0 has no closed formula (its score comes
 * from a lookup table of macro vectors), so a v4 vector is used only when the record gives no rating of
 * its own: its base metrics are mapped onto v3.1 (AT:P raises the attack complexity, UI:P/A is UI:R, any
 * high subsequent-system impact is a changed scope with that impact) and scored with the v3.1 formula.
 */
export type VulnSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export function ratingOf(score: number): VulnSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

function metrics(vector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of vector.split('/')) {
    const colon = part.indexOf(':');
    if (colon > 0) out.set(part.slice(0, colon), part.slice(colon + 1));
  }
  return out;
}

/** CVSS v3.1 Roundup: the smallest number with one decimal that is at least the input. */
function roundUp(value: number): number {
  const integer = Math.round(value * 100000);
  return integer % 10000 === 0 ? integer / 100000 : (Math.floor(integer / 10000) + 1) / 10;
}

const AV: Readonly<Record<string, number>> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Readonly<Record<string, number>> = { L: 0.77, H: 0.44 };
const UI: Readonly<Record<string, number>> = { N: 0.85, R: 0.62 };
const CIA: Readonly<Record<string, number>> = { H: 0.56, L: 0.22, N: 0 };

interface V3Base {
  readonly AV: string;
  readonly AC: string;
  readonly PR: string;
  readonly UI: string;
  readonly S: string;
  readonly C: string;
  readonly I: string;
  readonly A: string;
}

function scoreV3(m: V3Base): number | undefined {
  const changed = m.S === 'C';
  const pr = m.PR === 'N' ? 0.85 : m.PR === 'L' ? (changed ? 0.68 : 0.62) : m.PR === 'H' ? (changed ? 0.5 : 0.27) : undefined;
  const av = AV[m.AV];
  const ac = AC[m.AC];
  const ui = UI[m.UI];
  const c = CIA[m.C];
  const i = CIA[m.I];
  const a = CIA[m.A];
  if (pr === undefined || av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  if (m.S !== 'U' && m.S !== 'C') return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}

/** The v3.x base score of a vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`; undefined when malformed. */
export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector)) return undefined;
  const m = metrics(vector);
  const get = (k: string): string => m.get(k) ?? '';
  return scoreV3({ AV: get('AV'), AC: get('AC'), PR: get('PR'), UI: get('UI'), S: get('S'), C: get('C'), I: get('I'), A: get('A') });
}

/** The documented v4 → v3.1 approximation (see the module comment); undefined when malformed. */
export function cvss4ApproximateScore(vector: string): number | undefined {
  if (!/^CVSS:4\.0\//.test(vector)) return undefined;
  const m = metrics(vector);
  const get = (k: string): string => m.get(k) ?? '';
  const subsequentHigh = ['SC', 'SI', 'SA'].some((k) => get(k) === 'H');
  const highest = (x: string, y: string): string => (x === 'H' || y === 'H' ? 'H' : x === 'L' || y === 'L' ? 'L' : 'N');
  return scoreV3({
    AV: get('AV'),
    AC: get('AC') === 'H' || get('AT') === 'P' ? 'H' : get('AC'),
    PR: get('PR'),
    UI: get('UI') === 'N' ? 'N' : get('UI') === 'P' || get('UI') === 'A' ? 'R' : '',
    S: subsequentHigh ? 'C' : 'U',
    C: subsequentHigh ? highest(get('VC'), get('SC')) : get('VC'),
    I: subsequentHigh ? highest(get('VI'), get('SI')) : get('VI'),
    A: subsequentHigh ? highest(get('VA'), get('SA')) : get('VA'),
  });
}

/** CVSS v2 base score (first.org CVSS v2 guide §3.2.1), for old records that carry nothing newer. */
export function cvss2BaseScore(vector: string): number | undefined {
  const m = metrics(vector.replace(/^\(|\)$/g, ''));
  const av = ({ L: 0.395, A: 0.646, N: 1.0 } as Record<string, number>)[m.get('AV') ?? ''];
  const ac = ({ H: 0.35, M: 0.61, L: 0.71 } as Record<string, number>)[m.get('AC') ?? ''];
  const au = ({ M: 0.45, S: 0.56, N: 0.704 } as Record<string, number>)[m.get('Au') ?? ''];
  const cia = { N: 0, P: 0.275, C: 0.66 } as Record<string, number>;
  const c = cia[m.get('C') ?? ''];
  const i = cia[m.get('I') ?? ''];
  const a = cia[m.get('A') ?? ''];
  if (av === undefined || ac === undefined || au === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

/** A database's own word (`HIGH`, GitHub's `MODERATE`, Grype's `Negligible`, Ubuntu's `medium`). */
export function severityFromText(text: string | undefined): VulnSeverity | undefined {
  switch (text?.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'negligible':
      return 'low';
    case 'none':
      return 'none';
    default:
      return undefined;
  }
}

const rank: Readonly<Record<VulnSeverity, number>> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unknown: 0 };

export function severityRankOf(severity: VulnSeverity): number {
  return rank[severity];
}

export function worstSeverity(a: VulnSeverity, b: VulnSeverity): VulnSeverity {
  return rank[a] >= rank[b] ? a : b;
}
