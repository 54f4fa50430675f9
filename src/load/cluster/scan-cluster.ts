import type { ControlDefinition } from '../../core/control.js';
import type { ClusterScanInfo, ScanError, ScanReport } from '../../core/report.js';
import { shellWord, type Resource } from '../../core/resource.js';
import { asArray, asRecord, asString, type KubeObject } from '../../core/values.js';
import { indexFilters, Scanner, selectedControls, type ScanOptions, type UnreadableKind } from '../../engine/scan.js';
import { KUBELET_CONFIGURATION } from '../../node/kinds.js';
import { API_SERVER_VERSION } from '../../controls/upgrades/supported-kubernetes-versions.js';
import { ApiClient, ApiError, ResponseError, type AttemptLog } from './client.js';
import { apiVersionOf, collectionPath, describeType, discover, type ApiResource, type Discovery } from './discovery.js';
import type { Connection } from './kubeconfig.js';
import { clusterResource, trimObject } from './objects.js';
import { OwnedWorkloads, ownershipRank } from './ownership.js';
import { listInPages } from './paging.js';
import { clusterNeeds, CRD_KIND, NAMESPACE_KIND, NODE_KIND, SECRET_KIND, type Needs } from './plan.js';

export interface ClusterScanOptions {
  /** -n: only these namespaces (namespaced kinds are listed in each). */
  readonly namespaces?: readonly string[];
  /** --exclude-namespaces: objects of these namespaces are left out. */
  readonly excludeNamespaces?: readonly string[];
  /** --selector: a label selector for the objects judged (the kinds looked up are read whole). */
  readonly selector?: string;
  /** --kinds: only objects of these kinds are judged (Deployment, deployments, deployments.apps, apps/Deployment). */
  readonly kinds?: readonly string[];
  readonly qps: number;
  readonly burst?: number;
  readonly concurrency: number;
  readonly pageSize: number;
  readonly requestTimeoutMs: number;
  /** --timeout for the whole scan, in milliseconds, and as written. */
  readonly timeoutMs?: number;
  readonly timeoutText?: string;
  /** Progress lines (the CLI passes one only when stderr is a terminal). */
  readonly progress?: (event: ProgressEvent) => void;
  /** Each HTTP attempt (tests and the benchmark count them). */
  readonly onAttempt?: (entry: AttemptLog) => void;
}

export type ProgressEvent =
  | { readonly type: 'listing'; readonly resource: string; readonly count: number }
  | { readonly type: 'listed'; readonly resource: string; readonly count: number }
  | { readonly type: 'forbidden'; readonly resource: string; readonly reason: string };

export class ClusterScanError extends Error {}

export interface ClusterScan {
  readonly report: ScanReport;
  readonly info: ClusterScanInfo;
}

/** One resource type to list, and how. */
interface Listing {
  readonly type: ApiResource;
  /** Read before the scanner starts, for lookups. */
  readonly indexed: boolean;
  /** Its objects are judged (not left out by --kinds). */
  readonly judged: boolean;
  /** A custom resource kind found to hold pod templates. */
  readonly workload: boolean;
}

/**
 * `kubeharden scan --cluster`: discovers what the cluster serves, lists what the selected controls need
 * (the kinds they look up first, into the index; then the rest, a page at a time, each object judged and
 * let go), reads each kubelet's configuration through the nodes proxy, and scans. Only GET requests are
 * made. A type the API server refuses is recorded and the controls needing it are not evaluated.
 */
export async function scanCluster(connection: Connection, options: Omit<ScanOptions, 'loadErrors'>, cluster: ClusterScanOptions): Promise<ClusterScan> {
  const started = performance.now();
  const client = new ApiClient(connection, {
    concurrency: cluster.concurrency,
    qps: cluster.qps,
    ...(cluster.burst !== undefined ? { burst: cluster.burst } : {}),
    requestTimeoutMs: cluster.requestTimeoutMs,
    ...(cluster.timeoutMs !== undefined ? { deadline: started + cluster.timeoutMs } : {}),
    ...(cluster.timeoutText ? { timeoutText: cluster.timeoutText } : {}),
    ...(cluster.onAttempt ? { onAttempt: cluster.onAttempt } : {}),
  });
  try {
    return await new ClusterReader(client, connection, options, cluster).scan();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new ClusterScanError(
        error.status === 401
          ? `the API server ${connection.server.origin} rejected the credentials of context "${connection.context}" (401 Unauthorized)`
          : `the API server ${connection.server.origin} refused discovery to context "${connection.context}": ${error.detail}`,
      );
    }
    throw error;
  } finally {
    client.close();
  }
}

class ReadError extends Error {}

class ClusterReader {
  private readonly controls: readonly ControlDefinition[];
  private readonly needs: Needs;
  private readonly unreadable = new Map<string, UnreadableKind>();
  /** Types whose list broke (after retries): input errors of the scan, which goes on without them. */
  private readonly readErrors: ScanError[] = [];
  private readonly listed: { kind: string; resource: string; count: number; scope: string }[] = [];
  private readonly excluded: ReadonlySet<string>;

  constructor(
    private readonly client: ApiClient,
    private readonly connection: Connection,
    private readonly options: Omit<ScanOptions, 'loadErrors'>,
    private readonly cluster: ClusterScanOptions,
  ) {
    this.controls = selectedControls(options);
    this.needs = clusterNeeds(this.controls, options.settings);
    this.excluded = new Set(cluster.excludeNamespaces ?? []);
  }

  async scan(): Promise<ClusterScan> {
    const version = await this.version();
    const discovery = await discover(this.client);
    const customWorkloads = this.needs.workloads ? await this.customWorkloadKinds(discovery) : new Set<string>();
    const judgedKinds = this.cluster.kinds ? resolveKinds(this.cluster.kinds, discovery) : undefined;
    const listings: Listing[] = [];
    const listedKinds = new Set<string>();
    const wanted = new Set([...this.needs.kinds, ...customWorkloads]);
    for (const key of [...wanted].sort()) {
      const type = discovery.resources.get(key);
      if (!type) {
        const group = key.slice(0, key.indexOf('/'));
        const failed = discovery.failedGroups.get(group);
        if (failed) this.unreadable.set(key, { reason: `the API group ${group} did not answer discovery (${failed})`, workload: this.needs.workloadKinds.has(key) });
        // Not served: the cluster has none, which is evidence too.
        else listedKinds.add(key);
        continue;
      }
      const indexed = this.needs.indexed.has(key) || (key === NODE_KIND && this.needs.kubeletConfig);
      const judged = !judgedKinds || judgedKinds.has(key);
      if (!indexed && !judged) continue;
      listings.push({ type, indexed, judged, workload: customWorkloads.has(key) });
      // Absence is evidence only for a list that was not narrowed by a label selector.
      if (indexed || !this.cluster.selector) listedKinds.add(key);
    }

    // First the kinds the controls look up: the index is built from them before any object is judged.
    const filters = indexFilters(this.controls);
    const indexed: Resource[] = [];
    const judgedLater = new Set<Listing>();
    for (const listing of listings.filter((l) => l.indexed)) {
      const filter = filters.get(listing.type.key);
      // A filtered kind that is judged too (Pods: the control-plane ones are looked up) is listed again
      // below, object by object; holding every Pod for the index would defeat the streaming.
      // A label selector narrows what is judged, never the lookups: a judged kind is then listed twice too.
      const twice = (filter !== undefined || this.cluster.selector !== undefined) && listing.judged;
      const namespaces = twice && listing.type.key === '/Pod' ? this.mirrorPodNamespaces() : undefined;
      await this.list(listing, namespaces, false, twice ? ' (for lookups)' : '', (resource) => {
        if (!filter || filter(resource)) indexed.push(resource);
      });
      if (twice) judgedLater.add(listing);
    }
    if (this.needs.kubeletConfig) indexed.push(...(await this.kubeletConfigs(indexed)));
    if (version && this.needs.kinds.has(API_SERVER_VERSION)) indexed.push(this.versionResource(version));

    const scanner = new Scanner(indexed, {
      ...this.options,
      unreadableKinds: this.unreadable,
      listedKinds,
      clusterScope: this.scope(),
    });
    // Judged objects already read for the index wait for their turn in the ownership order below.
    const readForIndex = new Map<string, Resource[]>();
    for (const resource of indexed) {
      const key = kindOf(resource);
      const listing = listings.find((l) => l.type.key === key);
      if (key === KUBELET_CONFIGURATION || key === API_SERVER_VERSION) scanner.add(resource);
      else if (listing?.judged && !judgedLater.has(listing)) readForIndex.set(key, [...(readForIndex.get(key) ?? []), resource]);
    }
    indexed.length = 0;

    // Then everything else, owners before what they own, a page at a time: each object is judged (or
    // counted as owned by a workload judged already) and let go.
    const judgedListings = listings.filter((l) => l.judged).sort((a, b) => ownershipRank(a.type.key) - ownershipRank(b.type.key));
    const owned = new OwnedWorkloads(
      new Set(judgedListings.filter((l) => l.workload || this.needs.workloadKinds.has(l.type.key)).map((l) => l.type.key)),
    );
    const judge = (resource: Resource, key: string): void => {
      if (owned.judge(resource, key)) scanner.add(resource);
    };
    for (const listing of judgedListings) {
      const key = listing.type.key;
      if (listing.indexed && !judgedLater.has(listing)) {
        for (const resource of readForIndex.get(key) ?? []) judge(resource, key);
        readForIndex.delete(key);
        continue;
      }
      const before = this.unreadable.size;
      await this.list(listing, undefined, true, '', (resource) => judge(resource, key));
      if (this.unreadable.size > before) {
        const info = this.unreadable.get(key);
        if (info) scanner.markUnreadable(key, info);
      }
    }
    for (const error of this.readErrors) scanner.addError(error);
    const report = scanner.finish();
    const ownedSkipped = owned.counts();
    const scope = this.scope();
    const info: ClusterScanInfo = {
      context: this.connection.context,
      server: this.connection.server.origin,
      ...(version ? { version: version.gitVersion } : {}),
      whole: scope.whole,
      ...(!scope.whole ? { restriction: scope.reason } : {}),
      listed: this.listed,
      unreadable: [...this.unreadable].map(([kind, entry]) => ({ kind, reason: entry.reason })).sort((a, b) => (a.kind < b.kind ? -1 : 1)),
      requests: this.client.requests,
      ...(Object.keys(ownedSkipped).length > 0 ? { ownedSkipped } : {}),
    };
    return { report: { ...report, cluster: info }, info };
  }

  /** /version as an object the upgrade controls judge (the API server's own version, and the kubelets' skew). */
  private versionResource(version: { gitVersion: string; major?: string; minor?: string }): Resource {
    const context = this.connection.context;
    const object: KubeObject = { apiVersion: 'kubeharden.io/v1', kind: 'ApiServerVersion', metadata: { name: 'kube-apiserver' }, ...version };
    return clusterResource(object, context, ['kubectl', 'get', '--raw', '/version', '--context', context].map(shellWord).join(' '));
  }

  private async version(): Promise<{ gitVersion: string; major?: string; minor?: string } | undefined> {
    try {
      const body = asRecord(await this.client.getJson('/version'));
      const gitVersion = asString(body?.['gitVersion']);
      if (!gitVersion) return undefined;
      const major = asString(body?.['major']);
      const minor = asString(body?.['minor']);
      return { gitVersion, ...(major ? { major } : {}), ...(minor ? { minor } : {}) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return undefined;
      throw error;
    }
  }

  /** Where mirror pods of the control plane live: kube-system, unless -n leaves it out. */
  private mirrorPodNamespaces(): readonly string[] {
    const selected = this.cluster.namespaces;
    if (selected && selected.length > 0) return selected.includes('kube-system') ? ['kube-system'] : selected;
    return this.excluded.has('kube-system') ? [] : ['kube-system'];
  }

  /**
   * Custom resource kinds with pod templates: configured ones (--pod-template), and those whose CRD
   * schema has the template where the generic detector looks (spec.template.spec.containers).
   */
  private async customWorkloadKinds(discovery: Discovery): Promise<Set<string>> {
    const found = new Set<string>();
    for (const key of this.needs.workloadKinds) if (discovery.resources.has(key) && !builtinKey(key)) found.add(key);
    const crds = discovery.resources.get(CRD_KIND);
    if (!crds) return found;
    try {
      await listInPages(
        (query) => this.client.getJson(collectionPath(crds), query),
        { pageSize: 50, path: collectionPath(crds) },
        (items) => {
          for (const crd of items) {
            const spec = asRecord(crd['spec']);
            const group = asString(spec?.['group']);
            const kind = asString(asRecord(spec?.['names'])?.['kind']);
            if (group && kind && asArray(spec?.['versions']).some(hasPodTemplateSchema)) found.add(`${group}/${kind}`);
          }
        },
      );
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 403) throw error;
      // Pods of custom workloads are still scanned as Pods; only templates of unknown kinds are missed.
      this.unreadable.set(CRD_KIND, { reason: `${permission('list', crds)}: forbidden (custom resources with pod templates cannot be found)` });
    }
    return found;
  }

  /** Each node's kubelet configuration, as the kubelet runs with it, from /configz through the API server's node proxy. */
  private async kubeletConfigs(indexed: readonly Resource[]): Promise<Resource[]> {
    const nodes = indexed.filter((r) => kindOf(r) === NODE_KIND).map((r) => r.ref.name);
    if (nodes.length === 0) return [];
    const configs: Resource[] = [];
    const failures: string[] = [];
    let forbidden: string | undefined;
    await Promise.all(
      nodes.map(async (node) => {
        if (forbidden) return;
        const path = `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`;
        try {
          const body = asRecord(await this.client.getJson(path));
          const config = asRecord(body?.['kubeletconfig']) ?? asRecord(body?.['componentconfig']);
          if (!config) {
            failures.push(`${node}: /configz held no kubeletconfig`);
            return;
          }
          const object: KubeObject = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', ...config, metadata: { name: node } };
          const command = ['kubectl', 'get', '--raw', path, '--context', this.connection.context].map(shellWord).join(' ');
          configs.push(clusterResource(object, this.connection.context, command));
        } catch (error) {
          if (error instanceof ApiError && error.status === 403) forbidden = `get nodes/proxy (core) at cluster scope, for each kubelet's /configz: forbidden`;
          else if (error instanceof ApiError) failures.push(`${node}: ${error.status}${error.reason ? ` ${error.reason}` : ''}`);
          else throw error;
        }
      }),
    );
    const reason = forbidden ?? (failures.length > 0 ? `the kubelet configuration of some nodes could not be read through the API server (${failures.sort().join('; ')})` : undefined);
    if (reason) {
      this.unreadable.set(KUBELET_CONFIGURATION, { reason, controls: this.needs.kubeletControls });
      this.cluster.progress?.({ type: 'forbidden', resource: 'nodes/proxy configz', reason });
    }
    configs.sort((a, b) => (a.ref.name < b.ref.name ? -1 : 1));
    this.cluster.progress?.({ type: 'listed', resource: 'kubelet configz (nodes/proxy)', count: configs.length });
    this.listed.push({ kind: KUBELET_CONFIGURATION, resource: 'nodes/proxy (configz)', count: configs.length, scope: 'each node' });
    return configs;
  }

  /**
   * Lists one type (in each selected namespace, or cluster-wide) and hands each object on. A 403 makes the
   * type unreadable (the controls needing it are not evaluated); so does a list that stays broken after
   * the retries, which is also an input error. Bad credentials and the scan's deadline end the scan.
   */
  private async list(
    listing: Listing,
    onlyNamespaces: readonly string[] | undefined,
    labelled: boolean,
    note: string,
    each: (resource: Resource) => void,
  ): Promise<void> {
    const { type } = listing;
    const selected = this.cluster.namespaces;
    const namespaces = onlyNamespaces ?? (type.namespaced && selected && selected.length > 0 ? selected : undefined);
    const context = this.connection.context;
    const apiVersion = apiVersionOf(type);
    const secret = type.key === SECRET_KIND;
    const secretTypes = secret ? (this.needs.secretTypes ?? [undefined]) : [undefined];
    let count = 0;
    const accept = (item: Record<string, unknown>, secretType: string | undefined): void => {
      const metadata = asRecord(item['metadata']);
      const namespace = asString(metadata?.['namespace']);
      if (namespace && this.excluded.has(namespace)) return;
      if (secret) {
        // A Secret applied with kubectl keeps its whole data in this annotation: it is never kept.
        const annotations = asRecord(metadata?.['annotations']);
        if (annotations) delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
        if (secretType) item['type'] = secretType;
        delete item['data'];
        delete item['stringData'];
      }
      count++;
      each(clusterResource(trimObject(item, apiVersion, type.kind, type.key), context));
      if (count % 500 === 0) this.cluster.progress?.({ type: 'listing', resource: describeType(type) + note, count });
    };
    const scopes: readonly (string | undefined)[] = namespaces ?? [undefined];
    try {
      if (type.key === NAMESPACE_KIND && selected && selected.length > 0) {
        for (const name of selected) accept(await this.getNamespace(type, name), undefined);
      } else {
        for (const namespace of scopes) {
          for (const secretType of secretTypes) {
            await listInPages(
              (query) =>
                this.client.getJson(collectionPath(type, namespace), query, secret ? 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json' : 'application/json'),
              {
                pageSize: this.cluster.pageSize,
                path: collectionPath(type, namespace),
                ...(labelled && this.cluster.selector ? { labelSelector: this.cluster.selector } : {}),
                ...(secretType ? { fieldSelector: `type=${secretType}` } : {}),
              },
              (items) => {
                for (const item of items) accept(item, secretType);
              },
            );
          }
        }
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        const where = namespaces ? `in namespace ${namespaceOf(error.path) ?? namespaces.join(', ')}` : 'at cluster scope';
        const reason = `${permission(type.key === NAMESPACE_KIND && selected?.length ? 'get' : 'list', type)} ${where}: forbidden`;
        this.unreadable.set(type.key, { reason, workload: this.needs.workloadKinds.has(type.key) || listing.workload });
        this.cluster.progress?.({ type: 'forbidden', resource: describeType(type), reason });
        return;
      }
      if (error instanceof ApiError && error.status === 404 && !(type.key === NAMESPACE_KIND && selected?.length)) return;
      // A broken answer (after retries) loses this type, not the scan: the controls needing it are not
      // evaluated, the error is reported, and the exit code says the scan is incomplete. Bad credentials
      // and the whole-scan deadline still end it.
      if ((error instanceof ApiError && error.status !== 401) || (error instanceof ResponseError && !(type.key === NAMESPACE_KIND && selected?.length))) {
        const reason = `${describeType(type)} could not be read: ${error.message}`;
        this.unreadable.set(type.key, { reason, workload: this.needs.workloadKinds.has(type.key) || listing.workload });
        this.readErrors.push({ kind: 'input', message: reason });
        return;
      }
      throw error;
    }
    const scope = namespaces ? `namespaces ${namespaces.join(', ')}` : type.namespaced ? 'all namespaces' : 'cluster';
    const previous = this.listed.find((l) => l.kind === type.key);
    if (previous) previous.count = Math.max(previous.count, count);
    else this.listed.push({ kind: type.key, resource: describeType(type), count, scope });
    this.cluster.progress?.({ type: 'listed', resource: `${describeType(type)}${namespaces ? ` in ${namespaces.join(', ')}` : ''}${note}`, count });
  }

  private async getNamespace(type: ApiResource, name: string): Promise<Record<string, unknown>> {
    try {
      return asRecord(await this.client.getJson(`${collectionPath(type)}/${encodeURIComponent(name)}`)) ?? {};
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw new ReadError(`namespace "${name}" (-n) does not exist in the cluster`);
      throw error;
    }
  }

  private scope(): { readonly whole: true } | { readonly whole: false; readonly reason: string } {
    const restrictions: string[] = [];
    if (this.cluster.namespaces?.length) restrictions.push(`-n ${this.cluster.namespaces.join(',')}`);
    if (this.cluster.excludeNamespaces?.length) restrictions.push(`--exclude-namespaces ${this.cluster.excludeNamespaces.join(',')}`);
    if (this.cluster.selector) restrictions.push(`--selector ${this.cluster.selector}`);
    if (this.cluster.kinds?.length) restrictions.push(`--kinds ${this.cluster.kinds.join(',')}`);
    if (restrictions.length === 0) return { whole: true };
    return { whole: false, reason: `the cluster scan was restricted (${restrictions.join(' ')}), so it is not the whole cluster` };
  }
}

export { ReadError as ClusterReadError };

function kindOf(resource: Resource): string {
  const apiVersion = resource.ref.apiVersion;
  const slash = apiVersion.indexOf('/');
  return `${slash === -1 ? '' : apiVersion.slice(0, slash)}/${resource.ref.kind}`;
}

function builtinKey(key: string): boolean {
  const group = key.slice(0, key.indexOf('/'));
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** `list secrets (core)`: the verb and resource RBAC must grant. */
function permission(verb: string, type: Pick<ApiResource, 'group' | 'resource'>): string {
  return `${verb} ${describeType(type)}`;
}

function namespaceOf(path: string): string | undefined {
  return /\/namespaces\/([^/?]+)\//.exec(path)?.[1];
}

/** A CRD version whose schema keeps a pod template at spec.template.spec.containers, as the generic detector reads it. */
function hasPodTemplateSchema(version: unknown): boolean {
  const schema = asRecord(asRecord(asRecord(version)?.['schema'])?.['openAPIV3Schema']);
  let node: Record<string, unknown> | undefined = schema;
  for (const field of ['spec', 'template', 'spec', 'containers']) {
    node = asRecord(asRecord(node?.['properties'])?.[field]);
    if (!node) return false;
  }
  return true;
}

/** --kinds entries to kind keys, as kubectl names types: Deployment, deployments, deployment.apps, deployments.apps, apps/Deployment. */
export function resolveKinds(names: readonly string[], discovery: Discovery): Set<string> {
  const keys = new Set<string>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const lower = name.toLowerCase();
    const matches = [...discovery.resources.values()].filter((type) => {
      const kind = type.kind.toLowerCase();
      const candidates = [kind, type.resource, `${type.group}/${kind}`];
      if (type.group) candidates.push(`${kind}.${type.group}`, `${type.resource}.${type.group}`);
      return candidates.includes(lower);
    });
    // A bare name that several groups serve means the core or the first built-in one, as kubectl picks.
    const match = matches.find((t) => t.group === '') ?? matches.find((t) => builtinKey(t.key)) ?? matches[0];
    if (match) keys.add(match.key);
    else unknown.push(name);
  }
  if (unknown.length > 0) throw new ReadError(`--kinds: the cluster serves no resource type named ${unknown.join(', ')}`);
  return keys;
}
