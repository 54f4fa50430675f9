import type { ExceptionEntry, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';

export interface ExceptionAudit {
  readonly total: number;
  readonly used: number;
  readonly unused: number;
  readonly expired: number;
  /** Expired, unused, and used exceptions that name controls which matched nothing. */
  readonly attention: readonly ExceptionEntry[];
}

/** The exceptions that need attention: expired ones, unused ones, and controls an exception names in vain. */
export function auditExceptions(report: Pick<ScanReport, 'exceptions'>): ExceptionAudit {
  const count = (status: ExceptionEntry['status']): number => report.exceptions.filter((e) => e.status === status).length;
  const rank = { expired: 0, unused: 1, used: 2 } as const;
  return {
    total: report.exceptions.length,
    used: count('used'),
    unused: count('unused'),
    expired: count('expired'),
    attention: report.exceptions
      .filter((e) => e.status !== 'used' || (e.unusedControls?.length ?? 0) > 0)
      .sort((a, b) => rank[a.status] - rank[b.status]),
  };
}

/** `--audit-exceptions` output: a list for people, or JSON (`{summary, exceptions}`) for tools. */
export function renderExceptionAudit(audit: ExceptionAudit, format: 'text' | 'json'): string {
  if (format === 'json') {
    const { attention, ...summary } = audit;
    return `${JSON.stringify({ summary, exceptions: attention }, null, 2)}\n`;
  }
  const lines = [`Exceptions: ${audit.total} (${audit.used} used, ${audit.unused} unused, ${audit.expired} expired).`];
  if (audit.attention.length === 0) {
    lines.push(audit.total === 0 ? 'No exceptions are declared.' : 'Every exception is in use and none has expired.');
    return lines.join('\n') + '\n';
  }
  lines.push('');
  for (const e of audit.attention) {
    const status = e.status === 'used' ? 'partly used' : e.status;
    const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : e.id;
    lines.push(`${status.toUpperCase()}  ${where}  (${e.by})  ${e.controls.join(', ')}`);
    if (e.resource) lines.push(`  on ${formatRef(e.resource)}${e.container ? ` container ${e.container}` : ''}`);
    if (e.match && Object.keys(e.match).length > 0) lines.push(`  match: ${JSON.stringify(e.match)}`);
    lines.push(`  reason: ${e.reason}`);
    if (e.owner) lines.push(`  owner: ${e.owner}`);
    if (e.status === 'expired') {
      lines.push(`  expired on ${e.expires}: it suppresses nothing${e.matches > 0 ? `; ${e.matches} finding${e.matches === 1 ? '' : 's'} it matched now fail${e.matches === 1 ? 's' : ''}` : ''}`);
    } else if (e.status === 'unused') {
      lines.push('  matched no finding: remove it, or fix its controls or match');
    } else {
      lines.push(`  these controls matched no finding: ${e.unusedControls?.join(', ')}`);
    }
    if (e.expires && e.status !== 'expired') lines.push(`  expires ${e.expires}`);
  }
  return lines.join('\n') + '\n';
}
