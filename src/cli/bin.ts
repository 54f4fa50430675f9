#!/usr/bin/env node
import { EXIT_INTERNAL, runCli } from './main.js';

// A reader that stops early (`kubeharden scan -f json | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** A crash: one line saying so, the stack only when asked for (KUBEHARDEN_DEBUG), and exit code 3. */
function crash(error: unknown): void {
  const debug = process.env['KUBEHARDEN_DEBUG'] !== undefined && process.env['KUBEHARDEN_DEBUG'] !== '';
  const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  const firstLine = debug ? detail : detail.split('\n', 1)[0];
  process.stderr.write(`kubeharden: internal error: ${firstLine}${debug ? '' : ' (set KUBEHARDEN_DEBUG=1 for details)'}\n`);
  process.exitCode = EXIT_INTERNAL;
}

process.on('uncaughtException', (error) => {
  crash(error);
  process.exit(EXIT_INTERNAL);
});

runCli(process.argv.slice(2), {
  stdout: (text) =>
    process.stdout.write(text) ? undefined : new Promise<void>((resolve) => process.stdout.once('drain', () => resolve())),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
}, crash);
