import { severities, type Severity } from '../core/severity.js';
import type { NodeMinimums, ScanSettings } from '../engine/settings.js';
import { defaultNodeMinimums } from '../engine/default-settings.js';
import { parseVersion } from '../core/versions.js';
import { adminSubjects } from '../rbac/subjects.js';
import { parseCidr } from '../network/cidr.js';
import { parsePodTemplateOption, type PodTemplateLocation } from '../normalize/pod-spec-paths.js';
import { parsePssVersion, type PssVersion } from '../pss/evaluate.js';
import { controlNameField, unknownControlMessage, type ControlNames } from './control-names.js';
import { exceptionListField, exceptionsFileField, type ExceptionRule } from './exceptions.js';
import {
  at,
  dictionary,
  flag,
  list,
  number,
  object,
  oneOf,
  problem,
  refine,
  text,
  type Field,
  type JsonSchema,
  type Property,
} from './fields.js';
import { parsePolicyYaml } from './yaml-source.js';

/** The file names the configuration is looked up by, upward from the first scanned path. */
export const CONFIG_FILE_NAMES = ['.kubeharden.yaml', '.kubeharden.yml'] as const;

interface SettingSpec<T> {
  readonly field: Field<T>;
  readonly description: string;
}

const names = list(text());

function patterns(flags: string): Field<string[]> {
  return refine(names, (values, where) => {
    for (const [i, value] of values.entries()) {
      try {
        new RegExp(value, flags);
      } catch (error) {
        throw problem(at(where, i), `not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return values;
  });
}

const adminSubjectsField: Field<string[]> = refine(names, (values, where) => {
  const parsed = adminSubjects(values);
  if (parsed.errors.length > 0) throw problem(where, parsed.errors.join('; '));
  return values;
});

const metadataAddressesField: Field<string[]> = refine(names, (values, where) => {
  for (const [i, value] of values.entries()) {
    if (!parseCidr(value, true)) throw problem(at(where, i), `expected an IPv4 or IPv6 address or CIDR, got "${value}"`);
  }
  return values;
});

const supportedVersionsField: Field<{ oldest: number; newest: number }> = refine(
  text({ expected: 'oldest-newest, e.g. v1.35-v1.37' }),
  (value, where) => {
    const match = /^\s*v?1\.(\d+)\s*-\s*v?1\.(\d+)\s*$/.exec(value);
    const oldest = Number(match?.[1]);
    const newest = Number(match?.[2]);
    if (!match || oldest > newest) throw problem(where, `expected oldest-newest, e.g. v1.35-v1.37, got "${value}"`);
    return { oldest, newest };
  },
  { pattern: '^v?1\\.\\d+-v?1\\.\\d+$' },
);

const versionText = refine(text({ expected: 'a version such as 5.15' }), (value, where) => {
  if (!parseVersion(value)) throw problem(where, `expected a version such as 5.15, got "${value}"`);
  return value;
});

const nodeMinimumsField: Field<NodeMinimums> = refine(
  object({
    kernel: { field: versionText, description: 'oldest Linux kernel' },
    runtimes: { field: dictionary(versionText), description: 'oldest runtime version by the scheme of containerRuntimeVersion (containerd, cri-o, ...)' },
    operatingSystems: { field: dictionary(versionText), description: 'oldest release by the name osImage starts with (Ubuntu, ...)' },
  }),
  (value) => {
    const defaults = defaultNodeMinimums();
    return {
      kernel: value.kernel ?? defaults.kernel,
      runtimes: { ...defaults.runtimes, ...Object.fromEntries(value.runtimes ?? []) },
      operatingSystems: { ...defaults.operatingSystems, ...Object.fromEntries(value.operatingSystems ?? []) },
    };
  },
);

const pssVersionField: Field<PssVersion> = refine(
  text({ expected: 'a Kubernetes version such as v1.30, or latest' }),
  (value, where) => {
    try {
      return parsePssVersion(value);
    } catch (error) {
      throw problem(where, error instanceof Error ? error.message : String(error));
    }
  },
  { pattern: '^(?:latest|v?1\\.\\d+)$' },
);

const podTemplatesField: Field<ReadonlyMap<string, PodTemplateLocation>> = refine(
  dictionary(text({ expected: 'the path of the pod template, e.g. spec.podTemplate' }), { schema: { pattern: '^[^/]*/[^/]+$' } }),
  (entries, where) => {
    const out = new Map<string, PodTemplateLocation>();
    for (const [kind, path] of entries) {
      try {
        const [key, location] = parsePodTemplateOption(`${kind}=${path}`);
        out.set(key, location);
      } catch (error) {
        throw problem(at(where, kind), error instanceof Error ? error.message : String(error));
      }
    }
    return out;
  },
);

/**
 * How each scan setting is written in the configuration file. The mapped type makes a new ScanSettings
 * field a compile error until it has its one line here; the reader and the JSON Schema come from this
 * table (and a test wants the README's example to set every setting).
 */
export const settingSpecs: { readonly [K in keyof ScanSettings]: SettingSpec<ScanSettings[K]> } = {
  pssVersion: { field: pssVersionField, description: 'Kubernetes version of the Pod Security Standards and of removed APIs (v1.0 ... v1.37, or latest); written as pss.version' },
  systemNamespaces: { field: names, description: 'namespaces excluded from per-namespace checks (--system-namespaces)' },
  trustedRegistries: { field: names, description: 'registries images may come from, NSA-POD-032 (--trusted-registries)' },
  allowedHostPaths: { field: names, description: 'hostPath paths allowed when every mount of them is read-only, NSA-POD-010 (--allowed-host-paths)' },
  allowedCapabilities: { field: names, description: 'capabilities containers may add, NSA-POD-013 (--allowed-capabilities)' },
  strictAppArmor: { field: flag, description: 'NSA-POD-015: also fail pods with no AppArmor profile (--strict-apparmor)' },
  strictVolumeTypes: { field: flag, description: 'NSA-POD-021: allow only the volume types of the guidance App. C (--strict-volume-types)' },
  tokenAllowList: { field: names, description: 'workloads (namespace/name) that need their service account token, NSA-POD-023 (--token-allow-list)' },
  podTemplates: { field: podTemplatesField, description: 'where custom resources keep their pod template: group/Kind: path.to.template (--pod-template)' },
  adminSubjects: { field: adminSubjectsField, description: 'RBAC subjects whose broad permissions are expected, replacing the defaults: User:NAME, Group:NAME, ServiceAccount:NAMESPACE:NAME (--admin-subjects)' },
  metadataAddresses: { field: metadataAddressesField, description: 'cloud metadata service addresses pods must not reach, NSA-NET-009 (--metadata-addresses)' },
  sensitiveKeyPatterns: { field: patterns('i'), description: 'regexes naming credential keys, NSA-SEC-005, replacing the defaults (--sensitive-key-pattern adds)' },
  nonSensitiveKeyPatterns: { field: patterns('i'), description: 'regexes for names that hold no credential, NSA-SEC-005, replacing the defaults (--non-sensitive-key-pattern adds)' },
  secretValuePatterns: { field: patterns(''), description: 'regexes recognising credential values, NSA-SEC-005, replacing the defaults (--secret-value-pattern adds)' },
  supportedKubernetesMinors: { field: supportedVersionsField, description: 'supported Kubernetes minors, oldest to newest, e.g. v1.35-v1.37, NSA-UPG-001 (--supported-versions)' },
  auditLogMaxAgeDays: { field: number(0, 36500), description: 'minimum audit log retention in days, NSA-LOG-007 (--audit-log-max-age; the guidance App. M: 1825)' },
  nodeMinimums: { field: nodeMinimumsField, description: 'oldest node kernel, container runtimes and OS releases accepted, NSA-UPG-005 (--min-kernel, --min-runtime, --min-os)' },
};

/** Settings written under `pss:` rather than `settings:`. */
const settingsOutsideBlock: ReadonlySet<string> = new Set(['pssVersion']);

export interface KubehardenConfig {
  readonly file: string;
  readonly failOn?: Severity | 'none';
  readonly minScore?: number;
  readonly pssLevel?: 'baseline' | 'restricted';
  /** Only these controls run (catalog IDs). */
  readonly enabled?: ReadonlySet<string>;
  readonly disabled?: ReadonlySet<string>;
  readonly severity?: ReadonlyMap<string, Severity>;
  readonly settings: Partial<ScanSettings>;
  readonly exceptions: readonly ExceptionRule[];
  /** As written: relative to the configuration file's folder. */
  readonly exceptionsFile?: string;
  readonly inlineExceptions?: boolean;
  /** Globs of files and folders folder walks skip (`--exclude` adds more). */
  readonly exclude?: readonly string[];
}

function severityOverridesField(controls: ControlNames): Field<Map<string, Severity>> {
  return refine(
    dictionary(oneOf(severities), { schema: { pattern: '^(?:[A-Za-z]+-[A-Za-z]+-\\d{3}|[a-z0-9]+(?:-[a-z0-9]+)*)$' } }),
    (entries, where) => {
      const out = new Map<string, Severity>();
      for (const [name, severity] of entries) {
        const id = controls.resolve(name);
        if (!id) throw problem(at(where, name), unknownControlMessage(name, controls));
        if (out.has(id)) throw problem(at(where, name), `${id} is given twice (by ID and by slug)`);
        out.set(id, severity);
      }
      return out;
    },
  );
}

/** The configuration file's reader (and, through `.schema`, its JSON Schema). */
export function configField(controls: ControlNames) {
  const settingsShape: Record<string, Property<unknown>> = {};
  for (const [key, spec] of Object.entries(settingSpecs) as [string, SettingSpec<unknown>][]) {
    if (!settingsOutsideBlock.has(key)) settingsShape[key] = { field: spec.field, description: spec.description };
  }
  const controlList = list(controlNameField(controls));
  return object({
    failOn: { field: oneOf([...severities, 'none']), description: 'exit 1 when a new, unsuppressed failed finding has at least this severity (--fail-on; default high)' },
    minScore: { field: number(0, 100), description: 'exit 1 when the overall compliance score is below this percentage (--min-score)' },
    pss: {
      field: object({
        version: { field: settingSpecs.pssVersion.field, description: settingSpecs.pssVersion.description.replace(/; written as pss\.version$/, '') + ' (--pss-version)' },
        level: { field: oneOf(['baseline', 'restricted']), description: 'exit 1 when a workload reaches only a lower Pod Security Standards level (--pss-level)' },
      }),
      description: 'Pod Security Standards: the version to judge by and the level every workload must reach',
    },
    controls: {
      field: object({
        enabled: { field: controlList, description: 'run only these controls, IDs or slugs (--controls)' },
        disabled: { field: controlList, description: 'do not run these controls, IDs or slugs (--skip-controls)' },
        severity: { field: severityOverridesField(controls), description: 'severity per control, in place of the catalog\'s: NSA-POD-033: high' },
      }),
      description: 'which controls run, and their severity',
    },
    settings: { field: object(settingsShape), description: 'control options; each has a command-line flag that overrides it' },
    exceptions: { field: exceptionListField(controls), description: 'accepted risks, in the shape of an exceptions file\'s entries' },
    exceptionsFile: { field: text(), description: 'an exceptions file, relative to this file (--exceptions adds more)' },
    inlineExceptions: { field: flag, description: 'false: ignore kubeharden.io/ignore annotations and # kubeharden:ignore comments (--no-inline-exceptions)' },
    exclude: { field: list(text()), description: 'files and folders a folder walk skips, at any depth as in a .gitignore: charts, test/fixtures, *.tpl.yaml (--exclude adds more)' },
  }, 'kubeharden configuration (.kubeharden.yaml)');
}

/** Reads a configuration file; every mistake is an error naming the file, line and key. */
export function readConfig(content: string, file: string, controls: ControlNames): KubehardenConfig {
  const { value, source } = parsePolicyYaml(content, file);
  const config = configField(controls).read(value ?? {}, { source, path: [] });
  const settings: Record<string, unknown> = { ...(config.settings ?? {}) };
  if (config.pss?.version !== undefined) settings['pssVersion'] = config.pss.version;
  return {
    file,
    ...(config.failOn !== undefined ? { failOn: config.failOn } : {}),
    ...(config.minScore !== undefined ? { minScore: config.minScore } : {}),
    ...(config.pss?.level !== undefined ? { pssLevel: config.pss.level } : {}),
    ...(config.controls?.enabled ? { enabled: new Set(config.controls.enabled) } : {}),
    ...(config.controls?.disabled ? { disabled: new Set(config.controls.disabled) } : {}),
    ...(config.controls?.severity ? { severity: config.controls.severity } : {}),
    settings: settings as Partial<ScanSettings>,
    exceptions: config.exceptions ?? [],
    ...(config.exceptionsFile !== undefined ? { exceptionsFile: config.exceptionsFile } : {}),
    ...(config.inlineExceptions !== undefined ? { inlineExceptions: config.inlineExceptions } : {}),
    ...(config.exclude ? { exclude: config.exclude } : {}),
  };
}

const schemaDialect = 'http://json-schema.org/draft-07/schema#';

/** JSON Schema of the configuration file, for editors (yaml-language-server, VS Code, IntelliJ). */
export function configJsonSchema(controls: ControlNames): JsonSchema {
  return { $schema: schemaDialect, title: 'kubeharden configuration', ...configField(controls).schema };
}

/** JSON Schema of an exceptions file. */
export function exceptionsJsonSchema(controls: ControlNames): JsonSchema {
  return { $schema: schemaDialect, title: 'kubeharden exceptions', ...exceptionsFileField(controls).schema };
}

/** Where the JSON Schemas are checked in (and shipped in the package). */
export const SCHEMA_FOLDER = 'schema';

/** The schema files by name, as `npm run schema` writes them. */
export function schemaFiles(controls: ControlNames): Map<string, string> {
  return new Map([
    ['config.schema.json', `${JSON.stringify(configJsonSchema(controls), null, 2)}\n`],
    ['exceptions.schema.json', `${JSON.stringify(exceptionsJsonSchema(controls), null, 2)}\n`],
  ]);
}
