import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { defaultFixDefaults } from '../core/fix.js';
import type { Resource } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { defaultLimitRangeMax, defaultQuota, namespaceDefaults, renderNamespaceDefaults } from '../fix/namespace-defaults.js';
import { loadFiles } from '../load/files.js';
import { parseSourceFile } from '../parse/source-file.js';
import { quantities } from './fix.js';
import { quantityValue } from '../controls/fixes.js';

interface Io {
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stderr: (text: string) => void;
}

interface GenerateOptions {
  output?: string;
  level: 'baseline' | 'restricted';
  requests?: string;
  limits?: string;
  max?: string;
  quota?: string;
  systemNamespaces?: string[];
}

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** Registers `kubeharden generate namespace-defaults PATH... [--output FILE]`. */
export function registerGenerate(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const generate = program.command('generate').description('Generate the companion objects a scan asks for.');
  generate
    .command('namespace-defaults')
    .description(
      'For every namespace in the files: default-deny ingress and egress NetworkPolicies (DNS egress allowed), a LimitRange and a ResourceQuota where missing, and Namespaces with Pod Security Admission labels for namespaces that are only named.',
    )
    .argument('[paths...]', 'files or folders to read (default: .)')
    .option('-o, --output <file>', 'write the manifests to this file instead of standard output')
    .addOption(new Option('--level <level>', 'Pod Security Standards level new Namespaces enforce').choices(['baseline', 'restricted']).default('restricted'))
    .option('--requests <cpu=Q,memory=Q>', `LimitRange defaultRequest (default: cpu=${defaultFixDefaults.requests.cpu},memory=${defaultFixDefaults.requests.memory})`)
    .option('--limits <cpu=Q,memory=Q>', `LimitRange default limits (default: cpu=${defaultFixDefaults.limits.cpu},memory=${defaultFixDefaults.limits.memory})`)
    .option('--max <cpu=Q,memory=Q>', `LimitRange max per container (default: cpu=${defaultLimitRangeMax.cpu},memory=${defaultLimitRangeMax.memory})`)
    .option(
      '--quota <name=Q,...>',
      `ResourceQuota spec.hard (default: ${Object.entries(defaultQuota).map(([k, v]) => `${k}=${v}`).join(',')})`,
    )
    .option('--system-namespaces <names>', 'namespaces to leave alone', list)
    .action(async (paths: string[], options: GenerateOptions) => {
      setExitCode(await runGenerate(paths, options, io));
    });
}

export async function runGenerate(paths: readonly string[], options: GenerateOptions, io: Io): Promise<number> {
  let settings;
  let quota: Record<keyof typeof defaultQuota, string>;
  let max;
  try {
    settings = {
      ...defaultSettings,
      ...(options.systemNamespaces ? { systemNamespaces: options.systemNamespaces } : {}),
      fixDefaults: {
        ...defaultFixDefaults,
        level: options.level,
        requests: quantities(options.requests, defaultFixDefaults.requests, '--requests'),
        limits: quantities(options.limits, defaultFixDefaults.limits, '--limits'),
      },
    };
    max = quantities(options.max, defaultLimitRangeMax, '--max');
    quota = { ...defaultQuota };
    for (const part of (options.quota ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, value] = part.split('=').map((s) => s.trim());
      if (!name || !(name in defaultQuota) || !value || quantityValue(value) === undefined) {
        throw new Error(`invalid --quota ${JSON.stringify(part)}: expected requests.cpu, requests.memory, limits.cpu or limits.memory = QUANTITY`);
      }
      quota[name as keyof typeof defaultQuota] = value;
    }
  } catch (error) {
    io.stderr(`kubeharden generate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const loaded = await loadFiles(paths.length ? paths : ['.']);
  const resources: Resource[] = [];
  const errors = [...loaded.errors];
  for (const file of loaded.files) {
    const parsed = parseSourceFile(file);
    resources.push(...parsed.resources);
    errors.push(...parsed.errors);
  }
  const result = namespaceDefaults(resources, { controls: builtinControls, settings, max, quota });
  const text = renderNamespaceDefaults(result);
  if (options.output) await writeFile(options.output, text, 'utf8');
  else await io.stdout(text);
  for (const e of [...errors, ...result.errors]) {
    const where = [e.file, e.line].filter((x) => x !== undefined).join(':');
    io.stderr(`kubeharden: ${e.kind} error: ${where ? where + ': ' : ''}${e.message}\n`);
  }
  return errors.length > 0 || result.errors.length > 0 ? 2 : 0;
}
