/** Fast deterministic randomness: a record's values come from hash(seed, stream, index). */

/** 32-bit integer hash (lowbias32). */
export function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** A small seeded generator (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** Stream tags so different streams draw different numbers for the same index. */
export const STREAM_SALT: Record<string, number> = {
  contacts: 11, companies: 23, conversations: 37, tickets: 41, segments: 53, company_segments: 59,
  help_center_collections: 67, help_center_articles: 71, admins: 79, activity_logs: 83, events: 89,
  notes: 97, parts: 101, faults: 103, jitter: 107, tags: 109, teams: 113,
};

/** The generator for record `index` of `stream` under `seed`. */
export function recordRng(seed: number, stream: string, index: number, extra = 0): Rng {
  const salt = STREAM_SALT[stream] ?? 7;
  return new Rng(hash32(hash32(seed * 0x9e3779b1 + salt) ^ hash32(index + 0x632be5ab) ^ Math.imul(extra, 0x85ebca6b)));
}
