/** Injected faults: seeded random rates and deterministic one-shot `failNext` entries. */
import { Rng, hash32 } from './prng';
import type { FailKind, FaultConfig } from './types';

export interface RouteRef {
  /** 'GET /contacts/{id}' */
  key: string;
  /** '/contacts/{id}' */
  pattern: string;
  method: string;
  /** The concrete path. */
  path: string;
}

/** A route spec matches the route key, the bare pattern, or the concrete `METHOD /path` / `/path`. */
export function routeMatches(spec: string, r: RouteRef): boolean {
  return spec === r.key || spec === r.pattern || spec === `${r.method} ${r.path}` || spec === r.path;
}

export class Faults {
  private config: FaultConfig = {};
  private queue: Array<{ kind: FailKind; route?: string; count: number }> = [];
  private rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = new Rng(hash32(seed ^ 0xfa017));
  }

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.queue = (config.failNext ?? []).map((f) => ({ kind: f.kind, ...(f.route !== undefined ? { route: f.route } : {}), count: f.count ?? 1 }));
    // Same seed and same config: same sequence of random faults.
    let h = hash32(this.seed ^ 0xfa017);
    for (const ch of JSON.stringify(config)) h = hash32(h ^ ch.charCodeAt(0));
    this.rng = new Rng(h);
  }

  get current(): FaultConfig {
    return this.config;
  }

  /** The fault to inject for this request, if any (consumes one-shot entries). */
  pick(r: RouteRef): FailKind | null {
    const idx = this.queue.findIndex((f) => f.route === undefined || routeMatches(f.route, r));
    if (idx >= 0) {
      const f = this.queue[idx] as { kind: FailKind; count: number };
      f.count--;
      if (f.count <= 0) this.queue.splice(idx, 1);
      return f.kind;
    }
    const c = this.config;
    if (c.routes && !c.routes.some((s) => routeMatches(s, r))) return null;
    const rates: Array<[FailKind, number | undefined]> = [
      ['server_error', c.serverErrorRate], ['empty', c.emptyBodyRate], ['non_json', c.nonJsonRate],
      ['reset', c.resetRate], ['hang', c.hangRate],
    ];
    if (rates.every(([, p]) => !p)) return null;
    let x = this.rng.next();
    for (const [kind, p] of rates) {
      if (!p) continue;
      if (x < p) return kind;
      x -= p;
    }
    return null;
  }

  /** Which 5xx status a random server error gets. */
  serverErrorStatus(): number {
    return [500, 502, 503][this.rng.int(3)] as number;
  }

  /** Extra delay for a response, given the server defaults. */
  delayMs(baseLatency: number, baseJitter: number): number {
    const lat = this.config.latencyMs ?? baseLatency;
    const jit = this.config.jitterMs ?? baseJitter;
    return lat + (jit > 0 ? this.rng.next() * jit : 0);
  }
}
