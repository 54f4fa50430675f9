import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';

/** Where a setting is written (or, when it is not, where it belongs): a resource and a field path in it. */
export interface Location {
  readonly resource: Resource;
  readonly path: Path;
}

/** A command-line word and where it was written. */
export interface Word {
  readonly text: string;
  readonly at: Location;
}

export interface Flag {
  /** Without the leading dashes: `anonymous-auth`. */
  readonly name: string;
  /** The value as written; `true` for a bare switch (`--profiling`). */
  readonly value: string;
  /** The switch was written without a value. */
  readonly bare: boolean;
  readonly at: Location;
  /**
   * Not written by anyone: a value the distribution passes on its own (k3s sets `--anonymous-auth=false`).
   * `at` is then where to write the flag to change it. The text names the source, e.g. "k3s default".
   */
  readonly implicit?: string;
}

/**
 * Parses a component's arguments the way its flag library does (spf13/pflag for the Kubernetes binaries):
 * `--flag=value`, `--flag value`, bare boolean switches, `-v=2` shorthands; `--` ends the flags.
 * `booleans` lists the switches that never take the next word as their value.
 */
export function parseFlags(words: readonly Word[], booleans: ReadonlySet<string>): Flag[] {
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.text === '--') break;
    const match = /^--?([^=\s]+)(?:=([\s\S]*))?$/.exec(word.text);
    if (!match || word.text === '-') continue;
    const name = match[1] as string;
    if (match[2] !== undefined) {
      flags.push({ name, value: match[2], bare: false, at: word.at });
      continue;
    }
    const next = words[i + 1];
    // pflag takes the next word as the value of any flag that needs one, even a word starting with '-'
    // (`--pod-max-pids -1`); for a flag it does not know, a following flag is more likely than a value.
    const takesNext = next !== undefined && !booleans.has(name) && (knownValueFlags.has(name) || !next.text.startsWith('-'));
    if (takesNext) {
      flags.push({ name, value: next.text, bare: false, at: word.at });
      i++;
    } else {
      flags.push({ name, value: 'true', bare: true, at: word.at });
    }
  }
  return flags;
}

/** Flags whose value may start with a dash. */
const knownValueFlags = new Set(['pod-max-pids', 'v']);

/** The flags of one component, in command-line order. Scalar flags: the last one wins, as in pflag. */
export class FlagSet {
  constructor(readonly flags: readonly Flag[]) {}

  get(name: string): Flag | undefined {
    for (let i = this.flags.length - 1; i >= 0; i--) if ((this.flags[i] as Flag).name === name) return this.flags[i];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** A string-slice flag (`--authorization-mode`, `--enable-admission-plugins`): repeated flags append. */
  list(name: string): { readonly item: string; readonly flag: Flag }[] {
    const items: { item: string; flag: Flag }[] = [];
    for (const flag of this.flags) {
      if (flag.name !== name) continue;
      for (const item of splitList(flag.value)) items.push({ item, flag });
    }
    return items;
  }

  /** A value that is set and not empty (`--tls-cert-file=` sets nothing). */
  nonEmpty(name: string): Flag | undefined {
    const flag = this.get(name);
    return flag && flag.value.trim() !== '' ? flag : undefined;
  }
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Go's strconv.ParseBool, which pflag uses for boolean flags; undefined for anything else. */
export function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** `key=value,key=value` (`--system-reserved=cpu=100m,pid=1000`, `--feature-gates=A=true`). */
export function parseMap(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of splitList(value)) {
    const eq = item.indexOf('=');
    if (eq > 0) map.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  return map;
}

/** `signal<quantity,…` (`--eviction-hard=memory.available<100Mi,pid.available<10%`). */
export function parseEvictionMap(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of splitList(value)) {
    const lt = item.indexOf('<');
    if (lt > 0) map.set(item.slice(0, lt).trim(), item.slice(lt + 1).trim());
  }
  return map;
}

/**
 * Boolean switches of the control-plane binaries and the kubelet that matter for parsing `--flag value`:
 * a boolean written bare must not swallow the next word.
 */
export const booleanFlags: ReadonlySet<string> = new Set([
  // kube-apiserver
  'allow-privileged',
  'anonymous-auth',
  'enable-bootstrap-token-auth',
  'enable-aggregator-routing',
  'enable-priority-and-fairness',
  'profiling',
  'contention-profiling',
  'service-account-lookup',
  'service-account-extend-token-expiration',
  'enable-garbage-collector',
  'enable-logs-handler',
  'kubelet-https',
  'endpoint-reconciler-type-none',
  'strict-transport-security-directives-none',
  'logtostderr',
  'alsologtostderr',
  'audit-log-compress',
  'audit-log-truncate-enabled',
  'audit-webhook-truncate-enabled',
  'audit-log-batch-throttle-enable',
  'audit-webhook-batch-throttle-enable',
  'permit-port-sharing',
  'permit-address-sharing',
  // etcd
  'client-cert-auth',
  'peer-client-cert-auth',
  'auto-tls',
  'peer-auto-tls',
  'enable-v2',
  'enable-pprof',
  'strict-reconfig-check',
  'experimental-initial-corrupt-check',
  'force-new-cluster',
  'debug',
  // controllers, scheduler
  'leader-elect',
  'use-service-account-credentials',
  'allocate-node-cidrs',
  'configure-cloud-routes',
  'authentication-skip-lookup',
  'authentication-tolerate-lookup-failure',
  // kubelet
  'authentication-token-webhook',
  'rotate-certificates',
  'rotate-server-certificates',
  'seccomp-default',
  'protect-kernel-defaults',
  'make-iptables-util-chains',
  'fail-swap-on',
  'serialize-image-pulls',
  'register-node',
  'register-schedulable',
  'cgroups-per-qos',
  'enable-server',
  'enable-debugging-handlers',
  'enable-controller-attach-detach',
  'exit-on-lock-contention',
  'fail-cgroupv1',
  'kernel-memcg-notification',
  'keep-terminated-pod-volumes',
  'local-storage-capacity-isolation',
  'runonce',
  'help',
  'version',
]);
