/**
 * Timestamps of one stream's records kept in typed arrays, plus an index sorted by (updated_at, index)
 * rebuilt lazily after changes. Records themselves are generated on demand from (seed, index).
 */

/** Told the indices of records that changed (touch) or were added (append), after the change. */
export type ChangeListener = (indices: readonly number[]) => void;

const INDEX_BITS = 4194304; // 2^22: composite key = value * 2^22 + index stays exact below 2^53

export class Table {
  count: number;
  created: Uint32Array;
  updated: Uint32Array;
  /** Bumped on every change; caches keyed by it go stale. */
  version = 0;
  private byUpdated: Uint32Array | null = null;
  private byCreated: Uint32Array | null = null;
  private readonly listeners: ChangeListener[] = [];

  constructor(count: number) {
    if (count >= INDEX_BITS) throw new Error(`fake-intercom: at most ${INDEX_BITS - 1} records per stream`);
    this.count = count;
    const cap = Math.max(16, count);
    this.created = new Uint32Array(cap);
    this.updated = new Uint32Array(cap);
  }

  /** Record indices ordered by (updated_at, index) ascending. */
  sortedByUpdated(): Uint32Array {
    if (!this.byUpdated) this.byUpdated = sortIndices(this.updated, this.count);
    return this.byUpdated;
  }

  /** Record indices ordered by (created_at, index) ascending. */
  sortedByCreated(): Uint32Array {
    if (!this.byCreated) this.byCreated = sortIndices(this.created, this.count);
    return this.byCreated;
  }

  /** Call `listener` after every touch and append (per-record caches drop what changed). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Set updated_at of the given records. */
  touch(indices: readonly number[], at: number): void {
    for (const i of indices) this.updated[i] = at;
    this.byUpdated = null;
    this.version++;
    for (const l of this.listeners) l(indices);
  }

  /** Append `k` records created and updated at `at`; returns their indices. */
  append(k: number, at: number): number[] {
    const need = this.count + k;
    if (need >= INDEX_BITS) throw new Error('fake-intercom: too many records');
    if (need > this.created.length) {
      const cap = Math.max(need, this.created.length * 2);
      const c = new Uint32Array(cap);
      c.set(this.created.subarray(0, this.count));
      const u = new Uint32Array(cap);
      u.set(this.updated.subarray(0, this.count));
      this.created = c;
      this.updated = u;
    }
    const out: number[] = [];
    for (let j = 0; j < k; j++) {
      const i = this.count++;
      this.created[i] = at;
      this.updated[i] = at;
      out.push(i);
    }
    this.byUpdated = null;
    this.byCreated = null;
    this.version++;
    for (const l of this.listeners) l(out);
    return out;
  }
}

function sortIndices(values: Uint32Array, count: number): Uint32Array {
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = (values[i] as number) * INDEX_BITS + i;
  keys.sort();
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = (keys[i] as number) % INDEX_BITS;
  return out;
}

/**
 * First position p in `sorted` (ordered by (values[idx], idx)) whose key is >= (value, index).
 * Pass index -1 for "first with values >= value", Infinity for "first with values > value".
 */
export function lowerBound(sorted: Uint32Array, values: Uint32Array, value: number, index: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const idx = sorted[mid] as number;
    const v = values[idx] as number;
    if (v < value || (v === value && idx < index)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
