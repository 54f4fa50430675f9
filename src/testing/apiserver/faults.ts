// Injected failures: a test says which requests fail and how, and the server applies the first rule
// that matches each request (consuming one of its `times`).

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'invalid-json' }
  | { readonly kind: 'expire-continue' }
  /** Any answer at all (a list of the wrong shape, an HTML page, a huge object): sent as is. */
  | { readonly kind: 'body'; readonly body: string | Buffer; readonly status?: number; readonly contentType?: string }
  /** A 200 whose body never ends: a few bytes every `intervalMs` (default 200) until the client gives up. */
  | { readonly kind: 'drip'; readonly intervalMs?: number }
  /** The connection is dropped (HTTP/2: the stream reset) before any answer. */
  | { readonly kind: 'reset' }
  /** A server that ignores `as=PartialObjectMetadata*` in Accept and sends whole objects (Secret data included). */
  | { readonly kind: 'full-objects' };

export interface FaultRule {
  readonly fault: Fault;
  readonly method?: string;
  readonly pathPrefix?: string;
  readonly match?: (path: string, query: URLSearchParams) => boolean;
  /** How many requests it hits (default: all). */
  readonly times?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

export class FaultSet {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) throw new Error(`fault times must be a positive integer, got ${rule.times}`);
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule matches; the rule's count goes down. */
  take(method: string, path: string, query: URLSearchParams): Fault | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) continue;
      // Only a request that carries a continue token can have it expire.
      if (rule.fault.kind === 'expire-continue' && !query.has('continue')) continue;
      if (rule.match !== undefined && !rule.match(path, query)) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
      return rule.fault;
    }
    return undefined;
  }
}
