export const severities = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof severities)[number];

/** Higher is worse; used for sorting and for the --fail-on gate. */
export function severityRank(severity: Severity): number {
  return severities.length - severities.indexOf(severity);
}

export function isSeverity(text: string): text is Severity {
  return (severities as readonly string[]).includes(text);
}
