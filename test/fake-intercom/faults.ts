/** Injected faults: seeded random rates and deterministic one-shot `failNext` entries. */
import { Rng, hash32 } from './prng';
import type { Reply } from './http-types';
import type { FailKind, FaultConfig } from './types';

/** Where list answers carry their records. */
const LIST_KEYS = ['data', 'conversations', 'tickets', 'companies', 'contacts', 'activity_logs', 'events', 'teams', 'admins'];

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
  private badLists = 0;
  private frozenReset: string | undefined;

  constructor(private readonly seed: number) {
    this.rng = new Rng(hash32(seed ^ 0xfa017));
  }

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.badLists = 0;
    this.frozenReset = undefined;
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

  /** The answer with `extraField` added to its records (schema drift), else the answer as it is. */
  private addExtraField(r: RouteRef, reply: Reply): Reply {
    const extra = this.config.extraField;
    if (!extra || reply.status !== 200 || (extra.routes && !extra.routes.some((s) => routeMatches(s, r)))) return reply;
    const text = reply.bytes ? reply.bytes.toString('utf8') : reply.raw ?? JSON.stringify(reply.json ?? null);
    reply.release?.();
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: reply.status, raw: text, ...(reply.headers ? { headers: reply.headers } : {}) };
    const value = extra.value === undefined ? 'drift' : extra.value;
    const lists = Object.values(body).filter((v): v is Record<string, unknown>[] => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x)));
    if (lists.length === 0) (body as Record<string, unknown>)[extra.name] = value;
    for (const list of lists) for (const record of list) record[extra.name] = value;
    return { status: reply.status, json: body, ...(reply.headers ? { headers: reply.headers } : {}) };
  }

  /** The reply with its records broken as `badRecords` asks (list answers of the faulted routes only). */
  badRecords(r: RouteRef, reply: Reply): Reply {
    const bad = this.config.badRecords;
    if (!bad || reply.status !== 200 || (this.config.routes && !this.config.routes.some((s) => routeMatches(s, r)))) return reply;
    // A copy: handlers may answer with the world's own objects.
    const text = reply.bytes?.toString('utf8') ?? reply.raw ?? (reply.json === undefined ? undefined : JSON.stringify(reply.json));
    if (text === undefined) return reply;
    const body = JSON.parse(text) as unknown;
    if (body === null || typeof body !== 'object') return reply;
    const every = Math.max(1, bad.every ?? 1);
    let changed = false;
    for (const key of LIST_KEYS) {
      const list = (body as Record<string, unknown>)[key];
      if (!Array.isArray(list)) continue;
      list.forEach((record: unknown, i) => {
        if (i % every !== 0 || record === null || typeof record !== 'object') return;
        const rec = record as Record<string, unknown>;
        changed = true;
        if (bad.change === 'no_id') delete rec['id'];
        else if (typeof rec['updated_at'] === 'number') {
          rec['updated_at'] = bad.change === 'iso_updated_at' ? new Date(rec['updated_at'] * 1000).toISOString() : bad.change === 'null_updated_at' ? null : 'yesterday';
        }
      });
    }
    if (!changed) return reply;
    reply.release?.();
    const { bytes: _bytes, raw: _raw, release: _release, ...rest } = reply;
    return { ...rest, json: body };
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

  /**
   * A reply as the switches make it: its records carry the `extraField` (200 answers), and a 2xx reply's
   * list is made wrong by `badList` (other replies as they are).
   */
  alterReply(r: RouteRef, reply: Reply): Reply {
    return this.badRecords(r, this.breakList(r, this.addExtraField(r, reply)));
  }

  private breakList(r: RouteRef, reply: Reply): Reply {
    const bad = this.config.badList;
    if (bad === undefined || reply.status < 200 || reply.status > 299 || !routeMatches(bad.route, r)) return reply;
    if (bad.count !== undefined && this.badLists >= bad.count) return reply;
    const text = reply.bytes !== undefined ? reply.bytes.toString('utf8') : reply.raw;
    reply.release?.();
    const json = (text !== undefined ? JSON.parse(text) : reply.json) as Record<string, unknown>;
    const path = bad.list ?? Object.keys(json).find((k) => Array.isArray(json[k]));
    if (path === undefined) return reply;
    const keys = path.split('.');
    let holder: Record<string, unknown> = json;
    for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    if (bad.as === 'absent') delete holder[last];
    else holder[last] = bad.as === 'null' ? null : { type: 'list', total_count: 0 };
    this.badLists++;
    return { status: reply.status, json, ...(reply.headers ? { headers: reply.headers } : {}) };
  }

  /** Rate headers as the `rateHeaders` switch makes them. */
  alterRateHeaders(headers: Record<string, string>, wallNowMs: number): Record<string, string> {
    const mode = this.config.rateHeaders;
    if (mode === undefined || headers['X-RateLimit-Reset'] === undefined) return headers;
    if (mode === 'limit_zero') return { ...headers, 'X-RateLimit-Limit': '0' };
    if (mode === 'far_reset') return { ...headers, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(wallNowMs / 1000) + 3600) };
    this.frozenReset ??= headers['X-RateLimit-Reset'];
    return { ...headers, 'X-RateLimit-Reset': this.frozenReset };
  }

  /** A 2xx JSON reply as the `bodyBytes` switch makes its body. */
  alterBytes(reply: Reply): Reply {
    const mode = this.config.bodyBytes;
    if (mode === undefined || reply.status < 200 || reply.status > 299 || reply.raw !== undefined) return reply;
    const body = Buffer.from(reply.bytes ?? Buffer.from(JSON.stringify(reply.json ?? null), 'utf8'));
    reply.release?.();
    const at = body.indexOf('":"');
    const bytes =
      mode === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])
      : at < 0 ? body : Buffer.concat([body.subarray(0, at + 3), Buffer.from([0xff]), body.subarray(at + 3)]);
    return { status: reply.status, bytes, ...(reply.headers ? { headers: reply.headers } : {}) };
  }
}
