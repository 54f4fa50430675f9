import type { Command } from 'commander';
import { Option } from 'commander';
import type { Resource } from '../core/resource.js';
import { loadFiles } from '../load/files.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { parseManifests } from '../parse/manifests.js';
import { RBAC_KINDS, RbacModel, type Grant } from '../rbac/model.js';
import { bindingRef } from '../rbac/report.js';
import { formatRequest, parseRequest, type Request } from '../rbac/rules.js';

/** What `who-can` prints: one row per subject and binding that grants the request. */
export interface WhoCanRow {
  readonly subject: string;
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  /** The ServiceAccount's namespace; undefined for users and groups. */
  readonly namespace?: string;
  readonly binding: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly file?: string };
  readonly role: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly builtin: boolean };
  /** 'cluster-wide', or the namespace the grant applies in. */
  readonly scope: string;
  /** Set when the rule allows the request on these object names only. */
  readonly resourceNames?: readonly string[];
}

export interface WhoCanResult {
  readonly request: string;
  readonly namespace?: string;
  readonly subjects: readonly WhoCanRow[];
  /** Bindings whose role is neither in the input nor built in: they may grant the request too. */
  readonly unknownRoles: readonly { readonly binding: WhoCanRow['binding']; readonly roleRef: { readonly kind: string; readonly name: string } }[];
}

interface WhoCanOptions {
  namespace?: string;
  format: 'table' | 'json';
  resourceName?: string;
}

interface Io {
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stderr: (text: string) => void;
}

const EXIT_OK = 0;
const EXIT_INPUT = 2;

/** Registers `kubeharden who-can VERB RESOURCE [-n NAMESPACE] [PATH...]`. */
export function registerWhoCan(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('who-can')
    .description(
      'List the subjects that RBAC objects in the files allow to do VERB on RESOURCE (resolving Roles, ClusterRoles, aggregation and the built-in roles).',
    )
    .argument('<verb>', 'get, list, watch, create, update, patch, delete, escalate, bind, impersonate, * …')
    .argument('<resource>', 'pods, pods/exec, deployments.apps, deployments.apps/scale, widgets.example.com, or a path like /healthz')
    .argument('[paths...]', 'files or folders to read; - reads standard input', ['.'])
    .option('-n, --namespace <namespace>', 'only grants that apply in this namespace (default: grants anywhere)')
    .option('--resource-name <name>', 'the name of one object (rules limited by resourceNames must list it)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (verb: string, resource: string, paths: string[], options: WhoCanOptions) => {
      setExitCode(await runWhoCan(verb, resource, paths, options, io));
    });
}

export async function runWhoCan(verb: string, resource: string, paths: readonly string[], options: WhoCanOptions, io: Io): Promise<number> {
  let request: Request;
  try {
    request = parseRequest(verb, resource, options.resourceName);
  } catch (error) {
    io.stderr(`kubeharden who-can: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
  if (options.namespace !== undefined && !options.namespace.trim()) {
    io.stderr('kubeharden who-can: the namespace is empty\n');
    return EXIT_INPUT;
  }
  const loaded = await loadFiles(paths.length ? paths : ['.']);
  const errors = [...loaded.errors];
  const rbac: Resource[] = [];
  let documents = 0;
  for (const file of loaded.files) {
    const parsed = parseManifests(file);
    documents += parsed.resources.length;
    errors.push(...parsed.errors);
    for (const r of parsed.resources) if (RBAC_KINDS.includes(kindKey(r.ref.apiVersion, r.ref.kind))) rbac.push(r);
  }
  if (documents === 0 && errors.length === 0) {
    errors.push({ kind: 'input', message: `no Kubernetes resources found in ${paths.join(', ')}` });
  }
  if (errors.length > 0) {
    for (const e of errors) {
      const where = [e.file, e.line, e.column].filter((x) => x !== undefined).join(':');
      io.stderr(`kubeharden who-can: ${where ? where + ': ' : ''}${e.message}\n`);
    }
    return EXIT_INPUT;
  }
  const model = new RbacModel(rbac);
  const result = whoCan(model, request, options.namespace);
  await io.stdout(options.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderTable(result, model.bindings.length));
  return EXIT_OK;
}

/** The rows of `who-can`: pure, for the CLI and for anyone holding a model. */
export function whoCan(model: RbacModel, request: Request, namespace?: string): WhoCanResult {
  // One row per subject of a binding; a rule allowing every name wins over one listing some names.
  const rows = new Map<string, WhoCanRow>();
  for (const grant of model.whoCan(request, namespace)) {
    const key = `${grant.binding.resource.id}\u0000${grant.subjectIndex}`;
    const known = rows.get(key);
    if (!known || (known.resourceNames && grant.rule.resourceNames.length === 0)) rows.set(key, toRow(grant));
  }
  const subjects = [...rows.values()].sort(
    (a, b) =>
      compare(a.kind, b.kind) || compare(a.namespace ?? '', b.namespace ?? '') || compare(a.subject, b.subject) || compare(a.binding.name, b.binding.name),
  );
  const unknownRoles = model.bindings
    .filter((b) => b.status === 'unknown-role' && (namespace === undefined || b.namespace === undefined || b.namespace === namespace))
    .map((b) => ({ binding: bindingRef(b), roleRef: { ...b.roleRef } }));
  return { request: formatRequest(request), ...(namespace !== undefined ? { namespace } : {}), subjects, unknownRoles };
}

function toRow(grant: Grant): WhoCanRow {
  const role = grant.role;
  return {
    subject: grant.subject.name,
    kind: grant.subject.kind,
    ...(grant.subject.namespace !== undefined ? { namespace: grant.subject.namespace } : {}),
    binding: bindingRef(grant.binding),
    role: { kind: role.kind, name: role.name, ...(role.namespace ? { namespace: role.namespace } : {}), builtin: role.origin === 'builtin' },
    scope: grant.namespace === undefined ? 'cluster-wide' : grant.namespace,
    ...(grant.rule.resourceNames.length > 0 ? { resourceNames: grant.rule.resourceNames } : {}),
  };
}

function renderTable(result: WhoCanResult, bindings: number): string {
  const where = result.namespace !== undefined ? ` in namespace "${result.namespace}"` : '';
  const lines: string[] = [];
  if (bindings === 0) {
    lines.push('No RoleBinding or ClusterRoleBinding in the input: nobody is granted anything.');
  } else if (result.subjects.length === 0) {
    lines.push(`Nobody in the input can ${result.request}${where}.`);
  } else {
    lines.push(`Who can ${result.request}${where}:`, '');
    const header = ['SUBJECT', 'KIND', 'NAMESPACE', 'VIA BINDING', 'ROLE', 'SCOPE'];
    const rows = result.subjects.map((r) => [
      r.subject,
      r.kind,
      r.namespace ?? '-',
      `${r.binding.kind} ${r.binding.namespace ? r.binding.namespace + '/' : ''}${r.binding.name}`,
      `${r.role.kind} ${r.role.namespace ? r.role.namespace + '/' : ''}${r.role.name}${r.role.builtin ? ' (built-in)' : ''}`,
      (r.scope === 'cluster-wide' ? 'cluster-wide' : `namespace ${r.scope}`) + (r.resourceNames ? ` (only ${r.resourceNames.join(', ')})` : ''),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const format = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
    lines.push(format(header), ...rows.map(format));
  }
  if (result.unknownRoles.length > 0) {
    lines.push('', `Not judged: ${result.unknownRoles.length} binding(s) reference a role that is neither in the input nor built in, and may grant it too:`);
    for (const u of result.unknownRoles) {
      lines.push(`  ${u.binding.kind} ${u.binding.namespace ? u.binding.namespace + '/' : ''}${u.binding.name} -> ${u.roleRef.kind} ${u.roleRef.name}`);
    }
  }
  return lines.join('\n') + '\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
