import { existsSync } from 'node:fs';
import type https from 'node:https';
import { delimiter, join } from 'node:path';
import type { Transport } from './client.js';

/** A kubeconfig (or in-cluster configuration) resolved to one context. */
export interface Connection extends Transport {
  /** The context's name (`inClusterContext` inside a pod): findings and kubectl commands name it. */
  readonly context: string;
  /** Where the configuration came from, for messages. */
  readonly source: string;
}

export class KubeconfigError extends Error {}

export interface ConnectOptions {
  /** --kubeconfig: one file, used alone (as kubectl does). */
  readonly kubeconfig?: string;
  /** --context: in place of current-context. */
  readonly context?: string;
  /** The environment: KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST/PORT. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads the configuration as kubectl does: --kubeconfig alone; else every file of KUBECONFIG merged
 * (the first file to set a value wins); else ~/.kube/config; else, in a pod, the service account
 * (KUBERNETES_SERVICE_HOST and the mounted token). @kubernetes/client-node does the reading and applies
 * client certificates, tokens, exec plugins and OIDC to each request; it is loaded only here, so scans
 * of files never pay for it.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  let source: string;
  try {
    const files = options.kubeconfig
      ? [options.kubeconfig]
      : (options.env['KUBECONFIG'] ?? '').split(delimiter).filter((file) => file.length > 0);
    const home = options.env['HOME'] ?? options.env['USERPROFILE'];
    const defaultFile = home ? join(home, '.kube', 'config') : undefined;
    if (files.length > 0) {
      const readable = options.kubeconfig ? files : files.filter((file) => existsSync(file));
      if (readable.length === 0) throw new KubeconfigError(`none of the KUBECONFIG files exist: ${files.join(delimiter)}`);
      config.loadFromFile(readable[0] as string);
      // kubectl's merge: the first file to name a cluster, user or context wins; the first current-context too.
      for (const file of readable.slice(1)) {
        const other = new KubeConfig();
        other.loadFromFile(file);
        for (const cluster of other.getClusters()) if (!config.getCluster(cluster.name)) config.addCluster(cluster);
        for (const user of other.getUsers()) if (!config.getUser(user.name)) config.addUser(user);
        for (const context of other.getContexts()) if (!config.getContextObject(context.name)) config.addContext(context);
        if (!config.getCurrentContext() && other.getCurrentContext()) config.setCurrentContext(other.getCurrentContext());
      }
      source = options.kubeconfig ? `--kubeconfig ${options.kubeconfig}` : `KUBECONFIG=${readable.join(delimiter)}`;
    } else if (defaultFile && existsSync(defaultFile)) {
      config.loadFromFile(defaultFile);
      source = defaultFile;
    } else if (options.env['KUBERNETES_SERVICE_HOST']) {
      if (options.context) throw new KubeconfigError(`--context ${options.context}: running in a pod with its service account, there are no contexts to choose from`);
      config.loadFromCluster();
      source = 'the pod\'s service account (in-cluster configuration)';
    } else {
      throw new KubeconfigError(
        'no cluster configuration: give --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run in a pod with a service account',
      );
    }
  } catch (error) {
    if (error instanceof KubeconfigError) throw error;
    throw new KubeconfigError(`cannot load the kubeconfig: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((c) => c.name);
      throw new KubeconfigError(`no context "${options.context}" in ${source} (contexts: ${known.length ? known.join(', ') : 'none'})`);
    }
    config.setCurrentContext(options.context);
  }
  const context = config.getCurrentContext();
  if (!context || !config.getContextObject(context)) {
    throw new KubeconfigError(`${source} has no current context: give --context (contexts: ${config.getContexts().map((c) => c.name).join(', ') || 'none'})`);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster?.server) throw new KubeconfigError(`context "${context}" of ${source} names no cluster with a server address`);
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new KubeconfigError(`context "${context}": the server address ${JSON.stringify(cluster.server)} is not a URL`);
  }
  const proxied = Boolean(cluster.proxyUrl);
  return {
    context,
    source,
    server,
    async requestOptions(): Promise<https.RequestOptions> {
      const options: https.RequestOptions = {};
      try {
        await config.applyToHTTPSOptions(options);
      } catch (error) {
        throw new KubeconfigError(`cannot authenticate with context "${context}": ${error instanceof Error ? error.message : String(error)}`);
      }
      // client-node makes a fresh agent per call; the client keeps its own keep-alive agent unless a
      // proxy agent is needed.
      if (!proxied) delete options.agent;
      return options;
    },
  };
}
