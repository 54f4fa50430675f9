// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and time by file.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileRow {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly selfPct: number;
  readonly totalMs?: number;
  readonly totalPct?: number;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

export function summarizeProfile(file: string, top = 25): { totalMs: number; functions: ProfileRow[]; files: ProfileRow[]; inclusive: ProfileRow[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number): number => Math.round((us / totalUs) * 1000) / 10;
  const ms = (us: number): number => Math.round(us / 100) / 10;

  const fnSelf = new Map<string, { name: string; where: string; us: number }>();
  const fileSelf = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '(native)';
    const key = `${frame.functionName}@${where}`;
    const entry = fnSelf.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    fnSelf.set(key, entry);
    const fileKey = shortUrl(frame.url) === '(native)' ? frame.functionName || '(native)' : shortUrl(frame.url);
    fileSelf.set(fileKey, (fileSelf.get(fileKey) ?? 0) + us);
  }

  // Inclusive time per function: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      if (!frame.url) continue;
      const where = `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      const key = `${frame.functionName}@${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }

  return {
    totalMs: ms(totalUs),
    functions: [...fnSelf.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfMs: ms(e.us), selfPct: pct(e.us) })),
    files: [...fileSelf]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ name: '', where, selfMs: ms(us), selfPct: pct(us) })),
    inclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfMs: 0, selfPct: 0, totalMs: ms(e.us), totalPct: pct(e.us) })),
  };
}

export function formatProfile(file: string, top = 25): string {
  const s = summarizeProfile(file, top);
  const lines = [`profile ${file}: ${s.totalMs} ms sampled`, '', 'top self time (function, file:line):'];
  for (const f of s.functions) lines.push(`  ${String(f.selfMs).padStart(9)} ms ${String(f.selfPct).padStart(5)}%  ${f.name}  ${f.where}`);
  lines.push('', 'self time by file:');
  for (const f of s.files) lines.push(`  ${String(f.selfMs).padStart(9)} ms ${String(f.selfPct).padStart(5)}%  ${f.where}`);
  lines.push('', 'top inclusive time (function, file:line):');
  for (const f of s.inclusive) lines.push(`  ${String(f.totalMs).padStart(9)} ms ${String(f.totalPct).padStart(5)}%  ${f.name}  ${f.where}`);
  return lines.join('\n') + '\n';
}
