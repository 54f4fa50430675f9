// A file scan opens no socket and resolves no name: the CLI runs with every network entry point of Node
// replaced by one that records the call and throws (src/testing/faults/deny-network.ts).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { builtinReporters } from '../reporters/index.js';
import { assertBounded, binPath, runSpawned } from '../testing/cli-run.js';
import { canaryNodeFiles } from '../testing/canary.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot() as string;
const work = mkdtempSync(join(tmpdir(), 'kubeharden-net-'));
after(() => rmSync(work, { recursive: true, force: true }));
const guard = pathToFileURL(join(binPath(), '..', '..', 'testing', 'faults', 'deny-network.js')).href;

async function scanOffline(args: readonly string[], input?: string): Promise<{ code: number | null; calls: string }> {
  const log = join(work, `net-${Math.random().toString(36).slice(2)}.log`);
  const result = await runSpawned(args, { preload: [guard], env: { KUBEHARDEN_NETWORK_LOG: log }, timeoutMs: 120_000, ...(input !== undefined ? { input } : {}) });
  assertBounded(result);
  return { code: result.code, calls: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}

describe('no network access at runtime for file scans', () => {
  it('the guard works: a fetch under it is recorded and fails', async () => {
    const log = join(work, 'self.log');
    const script = join(work, 'fetch.mjs');
    writeFileSync(script, "try { await fetch('https://example.com') } catch {}\n");
    const { spawnSync } = await import('node:child_process');
    spawnSync(process.execPath, ['--import', guard, script], { env: { ...process.env, KUBEHARDEN_NETWORK_LOG: log } });
    assert.equal(readFileSync(log, 'utf8'), 'fetch\n');
  });

  it('with an allow-list (for cluster scans), only the allowed API server can be reached', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const log = join(work, 'allow.log');
      const script = join(work, 'allow.mjs');
      writeFileSync(
        script,
        `const ok = await (await fetch('http://127.0.0.1:${port}/')).text();\nlet other = 'reached';\ntry { await fetch('http://127.0.0.2:${port}/'); } catch { other = 'denied'; }\nconsole.log(ok, other);\n`,
      );
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['--import', guard, script], { env: { ...process.env, KUBEHARDEN_NETWORK_LOG: log, KUBEHARDEN_NETWORK_ALLOW: `127.0.0.1:${port}` } });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise((resolve) => child.on('close', resolve));
      assert.equal(out, 'ok denied\n');
      assert.equal(readFileSync(log, 'utf8'), `net.Socket.connect 127.0.0.2:${port}\n`);
    } finally {
      server.close();
    }
  });

  it('scanning the example manifests in every format', async () => {
    for (const format of Object.keys(builtinReporters)) {
      const { code, calls } = await scanOffline(['scan', join(root, 'examples'), '-f', format]);
      assert.equal(calls, '', `${format}: network calls`);
      assert.equal(code, 1, format);
    }
  });

  it('standard input, and a node scan', async () => {
    const stdin = await scanOffline(['scan', '-', '-f', 'json'], readFileSync(join(root, 'examples', 'insecure', 'api.yaml'), 'utf8'));
    assert.equal(stdin.calls, '');
    const node = mkdtempSync(join(work, 'node-'));
    for (const [path, text] of Object.entries(canaryNodeFiles())) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(node, path, '..'), { recursive: true });
      writeFileSync(join(node, path), text);
    }
    const scan = await scanOffline(['scan', '--node', '--root', node, '-f', 'sarif']);
    assert.equal(scan.calls, '');
    assert.equal(scan.code, 1);
  });
});
