import { formatPath, getAtPath, type Path } from '../core/path.js';
import { normalizePath } from './components.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import type { Evidence } from './evidence.js';
import { booleanFlags, FlagSet, parseBool, parseEvictionMap, parseFlags, parseMap, type Flag, type Location, type Word } from './flags.js';
import { ENVIRONMENT_FILE, KUBELET_CONFIGURATION, SYSTEMD_UNIT } from './kinds.js';
import { kubeletSettings, type KubeletSettingName, type KubeletSettingSpec } from './kubelet-settings.js';

export type SettingValue = boolean | string | number | Readonly<Record<string, string>>;

/** A kubelet setting as the kubelet runs with it, and why. */
export type Setting =
  | { readonly known: true; readonly value: SettingValue; readonly from: 'flag'; readonly flag: Flag; readonly at: Location }
  | { readonly known: true; readonly value: SettingValue; readonly from: 'config'; readonly at: Location }
  | {
      readonly known: true;
      readonly value: SettingValue;
      readonly from: 'default';
      /** 'the kubelet flag default', 'the KubeletConfiguration default', 'the k3s default'. */
      readonly which: string;
      /** Where to set it. */
      readonly at: Location;
    }
  | { readonly known: false; readonly reason: string };

export type KnownSetting = Extract<Setting, { known: true }>;

export interface KubeletInit {
  readonly label: string;
  readonly flags: FlagSet;
  /** Where a flag that is not set belongs (the ExecStart line, the k3s `kubelet-arg` list). */
  readonly flagsAt?: Location;
  /** KubeletConfiguration files in merge order: --config, then the --config-dir drop-ins by name. */
  readonly configs: readonly Resource[];
  /**
   * loaded: read from --config (or the distribution's drop-in folder); assumed: a KubeletConfiguration
   * given without the kubelet's command line; missing: --config names a file that is not in the input;
   * none: the command line is known and has no --config, so the flag defaults apply.
   */
  readonly configState: 'loaded' | 'assumed' | 'missing' | 'none';
  readonly configReason?: string;
  /** The whole command line is known (every flag file it draws from was read or is known to be absent). */
  readonly commandLineKnown: boolean;
  /** The distribution whose built-in flags `implicit` flags are (k3s, rke2). */
  readonly distribution?: string;
}

/** A kubelet's configuration: command-line flags merged over its config file, with the right defaults. */
export class Kubelet {
  constructor(readonly init: KubeletInit) {}

  get label(): string {
    return this.init.label;
  }

  get flags(): FlagSet {
    return this.init.flags;
  }

  /** The resource findings about this kubelet belong to when no setting is at hand. */
  get anchor(): Location | undefined {
    const config = this.init.configs[0];
    if (config) return { resource: config, path: [] };
    return this.init.flagsAt;
  }

  /**
   * The value the kubelet runs with: an explicit flag wins over the config file (the kubelet re-applies
   * its command line over the file), then the distribution's built-in flags, then the default of the
   * source in use: the config file's when there is one, the flag's when the kubelet has no --config.
   */
  setting(name: KubeletSettingName): Setting {
    const spec: KubeletSettingSpec = kubeletSettings[name];
    const flag = this.init.flags.get(spec.flag);
    if (flag && !flag.implicit) return fromFlag(spec, flag);
    const { configState } = this.init;
    if (configState === 'missing') return { known: false, reason: this.init.configReason ?? 'the kubelet config file is not in the input' };
    if (configState === 'loaded' || configState === 'assumed') {
      for (let i = this.init.configs.length - 1; i >= 0; i--) {
        const config = this.init.configs[i] as Resource;
        const value = getAtPath(config.object, spec.config);
        if (value !== undefined && value !== null) return fromConfig(spec, value, { resource: config, path: spec.config });
      }
    }
    if (flag) {
      const implicit = fromFlag(spec, flag);
      return implicit.known ? { known: true, value: implicit.value, from: 'default', which: `the ${flag.implicit}`, at: flag.at } : implicit;
    }
    const main = this.init.configs[0];
    if ((configState === 'loaded' || configState === 'assumed') && main) {
      return { known: true, value: spec.configDefault, from: 'default', which: 'the KubeletConfiguration default', at: { resource: main, path: spec.config } };
    }
    if (!this.init.commandLineKnown || !this.init.flagsAt) {
      return { known: false, reason: `${this.label}: the kubelet's command line is not complete in the input, so whether --${spec.flag} or --config is set is unknown` };
    }
    return { known: true, value: spec.flagDefault, from: 'default', which: 'the kubelet flag default (no --config)', at: this.init.flagsAt };
  }
}

function fromFlag(spec: KubeletSettingSpec, flag: Flag): Setting {
  const value = flagValue(spec, flag.value);
  if (value === undefined) return { known: false, reason: `--${flag.name}=${flag.value} is not a valid value` };
  return { known: true, value, from: 'flag', flag, at: flag.at };
}

function flagValue(spec: KubeletSettingSpec, text: string): SettingValue | undefined {
  switch (spec.type) {
    case 'bool':
      return parseBool(text);
    case 'int': {
      const number = Number(text);
      return text.trim() !== '' && Number.isInteger(number) ? number : undefined;
    }
    case 'map':
      return Object.fromEntries(parseMap(text));
    case 'eviction':
      return Object.fromEntries(parseEvictionMap(text));
    default:
      return text;
  }
}

function fromConfig(spec: KubeletSettingSpec, value: unknown, at: Location): Setting {
  const invalid = (): Setting => ({ known: false, reason: `${formatPath(spec.config)} in ${at.resource.ref.name} is not a valid value` });
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? { known: true, value, from: 'config', at } : invalid();
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? { known: true, value, from: 'config', at } : invalid();
    case 'map':
    case 'eviction': {
      const record = asRecord(value);
      if (!record) return invalid();
      const entries = Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)] as const);
      return { known: true, value: Object.fromEntries(entries), from: 'config', at };
    }
    default:
      return typeof value === 'string' ? { known: true, value, from: 'config', at } : typeof value === 'number' ? { known: true, value: String(value), from: 'config', at } : invalid();
  }
}

/** How a setting reads in a message: where it is written, or which default applies. */
export function describeSetting(setting: KnownSetting, spec: KubeletSettingSpec): string {
  const shown = showValue(setting.value);
  if (setting.from === 'flag') return `--${setting.flag.name}=${setting.flag.value} (${setting.flag.at.resource.ref.name})`;
  if (setting.from === 'config') return `${formatPath(spec.config)}: ${shown} (${setting.at.resource.ref.name})`;
  return `unset, so ${setting.which} applies: ${shown}`;
}

export function showValue(value: SettingValue): string {
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : entries.map(([k, v]) => `${k}=${v}`).join(',');
  }
  return String(value);
}

interface UnitDirective {
  readonly resource: Resource;
  readonly index: number;
  readonly key: string;
  readonly value: string;
  readonly record: Record<string, unknown>;
}

interface Variable {
  readonly value: string;
  readonly words: readonly Word[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** systemd reads the unit file, then its drop-ins in file-name order (whatever folder they are in). */
function unitOrder(a: Resource, b: Resource): number {
  const dropIn = (r: Resource): number => (basename(r.ref.name).endsWith('.service') ? 0 : 1);
  const byKind = dropIn(a) - dropIn(b);
  if (byKind !== 0) return byKind;
  const [x, y] = [basename(a.ref.name), basename(b.ref.name)];
  return x < y ? -1 : x > y ? 1 : a.ref.name < b.ref.name ? -1 : 1;
}

function directivesOf(units: readonly Resource[]): UnitDirective[] {
  return units.flatMap((resource) =>
    asArray(resource.object['directives']).flatMap((entry, index) => {
      const record = asRecord(entry);
      const key = asString(record?.['key']);
      if (!record || !key || asString(record['section']) !== 'Service') return [];
      return [{ resource, index, key, value: asString(record['value']) ?? '', record }];
    }),
  );
}

function wordsOf(resource: Resource, base: Path, words: unknown): Word[] {
  return asArray(words).map((text, j) => ({ text: String(text), at: { resource, path: [...base, 'words', j] } }));
}

/** An environment file's variables, each with its words located in the file. */
function variablesOf(file: Resource): Map<string, Variable> {
  const variables = new Map<string, Variable>();
  asArray(file.object['variables']).forEach((entry, i) => {
    const record = asRecord(entry);
    const name = asString(record?.['name']);
    if (!record || !name) return;
    variables.set(name, { value: asString(record['value']) ?? '', words: wordsOf(file, ['variables', i], record['words']) });
  });
  return variables;
}

/**
 * The command line systemd starts the kubelet with: the last ExecStart= of the unit and its drop-ins
 * (an empty ExecStart= clears the earlier ones), `$VAR` expanded to the words of the variable (Environment=
 * first, then EnvironmentFile= files, which override it), `${VAR}` substituted in place.
 */
function commandLine(
  units: readonly Resource[],
  evidence: Evidence,
): { words: Word[]; execStart?: Location; complete: boolean; missingFiles: string[] } {
  const directives = directivesOf(units);
  const environment = new Map<string, Variable>();
  const files: { path: string; optional: boolean }[] = [];
  let execStart: UnitDirective | undefined;
  for (const directive of directives) {
    if (directive.key === 'Environment') {
      asArray(directive.record['assignments']).forEach((entry, k) => {
        const assignment = asRecord(entry);
        const name = asString(assignment?.['name']);
        if (!assignment || !name) return;
        const base: Path = ['directives', directive.index, 'assignments', k];
        environment.set(name, { value: asString(assignment['value']) ?? '', words: wordsOf(directive.resource, base, assignment['words']) });
      });
    } else if (directive.key === 'EnvironmentFile') {
      const optional = directive.value.startsWith('-');
      const path = optional ? directive.value.slice(1) : directive.value;
      if (path) files.push({ path, optional });
    } else if (directive.key === 'ExecStart') {
      execStart = directive.value.trim() === '' ? undefined : directive;
    }
  }
  let complete = true;
  const missingFiles: string[] = [];
  for (const file of files) {
    const found = evidence.find([ENVIRONMENT_FILE], file.path, 'the environment file');
    if (found.resource) for (const [name, variable] of variablesOf(found.resource)) environment.set(name, variable);
    else if (!evidence.knownMissing(file.path)) {
      complete = false;
      missingFiles.push(file.path);
    }
  }
  if (!execStart) return { words: [], complete: false, missingFiles };
  const words: Word[] = [];
  wordsOf(execStart.resource, ['directives', execStart.index], execStart.record['words']).forEach((word) => {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word.text);
    if (whole) {
      words.push(...(environment.get(whole[1] as string)?.words ?? []));
      return;
    }
    const text = word.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => environment.get(name)?.value ?? '');
    words.push({ text, at: word.at });
  });
  return { words, execStart: { resource: execStart.resource, path: ['directives', execStart.index] }, complete, missingFiles };
}

/**
 * The kubelets of the input. A node scan has one: its systemd unit, drop-ins and environment files give
 * the command line, whose --config (and --config-dir) give the config files. A scan of given files may
 * hold only some of these: a KubeletConfiguration on its own is judged with the config file's defaults.
 */
export function systemdKubelets(index: ResourceIndex, evidence: Evidence): Kubelet[] {
  const units = index.list(SYSTEMD_UNIT).filter((u) => asString(u.object['unit']) === 'kubelet.service').sort(unitOrder);
  const configs = index.list(KUBELET_CONFIGURATION);
  const claimed = new Set<Resource>();
  const kubelets: Kubelet[] = [];
  if (units.length > 0) {
    const line = commandLine(units, evidence);
    const flags = new FlagSet(parseFlags(line.words.slice(1), booleanFlags));
    const label = `kubelet (${units[0]?.ref.name})`;
    let configState: KubeletInit['configState'] = 'none';
    let configReason: string | undefined;
    const used: Resource[] = [];
    const configFlag = flags.nonEmpty('config');
    if (configFlag) {
      const found = evidence.find([KUBELET_CONFIGURATION], normalizePath(configFlag.value), 'the kubelet config file');
      if (found.resource) {
        used.push(found.resource);
        configState = 'loaded';
      } else {
        configState = 'missing';
        configReason = `${found.reason} (--config of ${label})`;
      }
    } else if (!line.complete) {
      // The flag files that are not in the input may hold --config: a lone config file given with the
      // units is taken to be it, otherwise the settings cannot be told.
      const unclaimed = configs.filter((c) => !claimed.has(c));
      if (unclaimed.length === 1) {
        used.push(unclaimed[0] as Resource);
        configState = 'assumed';
      }
    }
    const configDir = flags.nonEmpty('config-dir');
    if (configDir && configState !== 'missing') used.push(...dropIns(configs, configDir.value));
    for (const c of used) claimed.add(c);
    kubelets.push(
      new Kubelet({
        label,
        flags,
        ...(line.execStart ? { flagsAt: line.execStart } : {}),
        configs: used,
        configState,
        ...(configReason ? { configReason } : {}),
        commandLineKnown: line.complete && line.execStart !== undefined,
      }),
    );
  }
  const unclaimed = configs.filter((c) => !claimed.has(c) && !isDropIn(c));
  const environmentFiles = units.length === 0 ? index.list(ENVIRONMENT_FILE) : [];
  if (environmentFiles.length > 0) {
    // Flag files without the unit that reads them: their KUBELET_*ARGS variables are the kubelet's flags.
    const words = environmentFiles.flatMap((file) => [...variablesOf(file)].filter(([name]) => /^KUBELET_\w*ARGS$/.test(name)).flatMap(([, v]) => v.words));
    const config = unclaimed.length === 1 ? unclaimed.splice(0, 1) : [];
    const first = environmentFiles[0] as Resource;
    kubelets.push(
      new Kubelet({
        label: `kubelet (${first.ref.name})`,
        flags: new FlagSet(parseFlags(words, booleanFlags)),
        flagsAt: { resource: first, path: [] },
        configs: config,
        configState: config.length > 0 ? 'assumed' : 'none',
        commandLineKnown: false,
      }),
    );
  }
  for (const config of unclaimed) {
    kubelets.push(
      new Kubelet({ label: `kubelet (${config.ref.name})`, flags: new FlagSet([]), configs: [config], configState: 'assumed', commandLineKnown: false }),
    );
  }
  return kubelets;
}

/** The kubelet merges `*.conf` files of --config-dir over --config, in file-name order. */
export function dropIns(configs: readonly Resource[], dir: string): Resource[] {
  const prefix = dir.replace(/\/+$/, '') + '/';
  return configs
    .filter((c) => c.origin.type === 'file' && c.origin.file.startsWith(prefix) && !c.origin.file.slice(prefix.length).includes('/') && c.origin.file.endsWith('.conf'))
    .sort((a, b) => (a.ref.name < b.ref.name ? -1 : 1));
}

function isDropIn(config: Resource): boolean {
  return config.origin.type === 'file' && /\/kubelet\.conf\.d\/[^/]+\.conf$/.test(config.origin.file);
}
