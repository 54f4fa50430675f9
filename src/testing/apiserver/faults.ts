// Injected failures: a test says which requests fail and how, and the server applies the first rule
// that matches each request (consuming one of its `times`).

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'invalid-json' }
  | { readonly kind: 'expire-continue' };

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
