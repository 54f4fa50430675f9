import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExceptionEntry } from '../core/report.js';
import { auditExceptions, renderExceptionAudit } from './audit.js';

const entry = (id: string, status: ExceptionEntry['status'], extra: Partial<ExceptionEntry> = {}): ExceptionEntry => ({
  id, by: 'config', controls: ['NSA-POD-012'], reason: 'r', file: id.split(':')[0], line: Number(id.split(':')[1]), status, matches: status === 'used' ? 2 : 0, ...extra,
});

describe('exception audit', () => {
  const exceptions = [
    entry('e.yaml:2', 'used'),
    entry('e.yaml:6', 'unused', { owner: 'team-a' }),
    entry('app.yaml:9', 'expired', { by: 'comment', expires: '2026-01-31', matches: 3 }),
    entry('e.yaml:9', 'used', { controls: ['NSA-POD-012', 'NSA-POD-013'], unusedControls: ['NSA-POD-013'] }),
  ];

  it('lists expired, then unused, then partly used exceptions, and counts them', () => {
    const audit = auditExceptions({ exceptions });
    assert.deepEqual([audit.total, audit.used, audit.unused, audit.expired], [4, 2, 1, 1]);
    assert.deepEqual(audit.attention.map((e) => e.id), ['app.yaml:9', 'e.yaml:6', 'e.yaml:9']);
  });

  it('renders text for people and JSON for tools', () => {
    const audit = auditExceptions({ exceptions });
    const text = renderExceptionAudit(audit, 'text');
    assert.match(text, /^Exceptions: 4 \(2 used, 1 unused, 1 expired\)\.\n/);
    assert.match(text, /^EXPIRED {2}app\.yaml:9 {2}\(comment\) {2}NSA-POD-012\n {2}reason: r\n {2}expired on 2026-01-31: it suppresses nothing; 3 findings it matched now fail$/m);
    assert.match(text, /^UNUSED {2}e\.yaml:6 .*\n {2}reason: r\n {2}owner: team-a\n {2}matched no finding/m);
    assert.match(text, /^PARTLY USED {2}e\.yaml:9 .*\n(?: {2}.*\n)* {2}these controls matched no finding: NSA-POD-013$/m);
    assert.ok(!text.includes('e.yaml:2'), 'used exceptions are not listed');
    const json = JSON.parse(renderExceptionAudit(audit, 'json')) as { summary: object; exceptions: ExceptionEntry[] };
    assert.deepEqual(json.summary, { total: 4, used: 2, unused: 1, expired: 1 });
    assert.deepEqual(json.exceptions.map((e) => e.status), ['expired', 'unused', 'used']);
    assert.equal(renderExceptionAudit(auditExceptions({ exceptions: [] }), 'text'), 'Exceptions: 0 (0 used, 0 unused, 0 expired).\nNo exceptions are declared.\n');
  });
});
