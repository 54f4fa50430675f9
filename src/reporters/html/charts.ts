import type { ControlStatus } from '../../core/report.js';
import type { Severity } from '../../core/severity.js';
import { escapeHtml } from './escape.js';
import { formatScore, type SectionScore } from './scores.js';

// Colours that keep a 4.5:1 contrast with white text and stay apart for the common colour-vision
// deficiencies (blue / orange / purple / grey rather than red against green alone); every chart also
// prints its numbers as text, so no colour carries meaning alone.
export const statusColour: Readonly<Record<ControlStatus, string>> = {
  passed: '#1b7a3d',
  failed: '#b3261e',
  'not-evaluated': '#6b6b6b',
  manual: '#1f5fa8',
};
export const severityColour: Readonly<Record<Severity, string>> = {
  critical: '#6a1b9a',
  high: '#b3261e',
  medium: '#a84f00',
  low: '#1f5fa8',
};
export const pssColour: Readonly<Record<'restricted' | 'baseline' | 'privileged', string>> = {
  restricted: '#1b7a3d',
  baseline: '#a84f00',
  privileged: '#b3261e',
};

const statusLabel: Readonly<Record<ControlStatus, string>> = {
  passed: 'passed',
  failed: 'failed',
  'not-evaluated': 'not evaluated',
  manual: 'manual',
};

const statuses: readonly ControlStatus[] = ['passed', 'failed', 'not-evaluated', 'manual'];

/** A ring filled to the score: the share of judged controls that passed. */
export function scoreRing(id: string, score: number | null, passed: number, failed: number): string {
  const radius = 62;
  const circumference = 2 * Math.PI * radius;
  const share = score === null ? 0 : score / 100;
  const label = score === null ? 'No control could be judged, so there is no score.' : `Score ${score}%: ${passed} of ${passed + failed} judged controls passed.`;
  return [
    `<svg class="ring" viewBox="0 0 160 160" width="160" height="160" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeHtml(label)}</title>`,
    `<circle cx="80" cy="80" r="${radius}" fill="none" stroke="${score === null ? '#d0d0d0' : statusColour.failed}" stroke-width="18"/>`,
    share > 0
      ? `<circle cx="80" cy="80" r="${radius}" fill="none" stroke="${statusColour.passed}" stroke-width="18" stroke-dasharray="${(share * circumference).toFixed(2)} ${circumference.toFixed(2)}" transform="rotate(-90 80 80)"/>`
      : '',
    `<text x="80" y="84" text-anchor="middle" class="ring-value">${escapeHtml(formatScore(score))}</text>`,
    `<text x="80" y="106" text-anchor="middle" class="ring-label">score</text>`,
    '</svg>',
  ].join('');
}

/** Per guidance section: a bar of its controls by status, with the section's score at the end. */
export function sectionChart(id: string, rows: readonly SectionScore[]): string {
  const width = 720;
  const labelWidth = 0;
  const barWidth = 560;
  const rowHeight = 46;
  const top = 30;
  const height = top + rows.length * rowHeight + 4;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" preserveAspectRatio="xMinYMin meet">`,
    `<title id="${id}-title">Controls per guidance section by status, with each section's score</title>`,
    `<desc id="${id}-desc">${escapeHtml(
      rows
        .map((r) => `${r.section}: ${statuses.map((s) => `${r.counts[s]} ${statusLabel[s]}`).join(', ')}; score ${formatScore(r.score)}`)
        .join('. '),
    )}</desc>`,
  ];
  let x = 0;
  for (const status of statuses) {
    out.push(`<rect x="${x}" y="4" width="12" height="12" fill="${statusColour[status]}"/>`);
    out.push(`<text x="${x + 17}" y="14" class="legend">${statusLabel[status]}</text>`);
    x += 17 + statusLabel[status].length * 7.5 + 18;
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const total = statuses.reduce((n, s) => n + row.counts[s], 0);
    out.push(`<text x="${labelWidth}" y="${y + 12}" class="bar-label">${escapeHtml(row.section)}</text>`);
    let offset = labelWidth;
    for (const status of statuses) {
      const count = row.counts[status];
      if (count === 0 || total === 0) continue;
      const w = (count / total) * barWidth;
      out.push(
        `<rect x="${offset.toFixed(2)}" y="${y + 18}" width="${w.toFixed(2)}" height="18" fill="${statusColour[status]}"><title>${escapeHtml(`${row.section}: ${count} ${statusLabel[status]}`)}</title></rect>`,
      );
      if (w >= 22) out.push(`<text x="${(offset + w / 2).toFixed(2)}" y="${y + 31}" text-anchor="middle" class="bar-count">${count}</text>`);
      offset += w;
    }
    out.push(`<text x="${labelWidth + barWidth + 12}" y="${y + 32}" class="bar-score">${escapeHtml(formatScore(row.score))}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** One horizontal bar per category, lengths relative to the largest, counts written beside them. */
export function countBars(id: string, title: string, entries: readonly { label: string; count: number; colour: string }[]): string {
  const width = 290;
  const rowHeight = 26;
  const labelWidth = 78;
  const barWidth = 175;
  const height = entries.length * rowHeight + 4;
  const max = Math.max(1, ...entries.map((e) => e.count));
  const out = [
    `<svg class="bars" viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeHtml(`${title}: ${entries.map((e) => `${e.count} ${e.label}`).join(', ')}`)}</title>`,
  ];
  entries.forEach((entry, i) => {
    const y = i * rowHeight + 2;
    const w = entry.count === 0 ? 0 : Math.max(2, (entry.count / max) * barWidth);
    out.push(`<text x="0" y="${y + 15}" class="bar-label">${escapeHtml(entry.label)}</text>`);
    out.push(`<rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(2)}" height="18" fill="${entry.colour}"/>`);
    out.push(`<text x="${(labelWidth + w + 6).toFixed(2)}" y="${y + 16}" class="bar-count-out">${entry.count}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
