/**
 * Runs a search over a Table without scanning everything: a contact query that is only an updated_at range (the
 * tap's `updated_at > a AND updated_at < b`) is exactly a slice of the index sorted by updated_at; any other query
 * is narrowed to a conservative updated_at window through that index and the compiled matcher decides. The ordered
 * list of matches is cached per (query, sort, data version), so walking a cursor costs a binary search per page.
 */
import { compileSearchQuery, contactUpdatedRange, type CompileSearchOptions, type SearchModel } from './search';
import { lowerBound, type Table } from './table';
import { DAY } from './world';

export interface SortSpec {
  field: 'updated_at' | 'created_at';
  desc: boolean;
}

export interface SearchPlan {
  model: SearchModel;
  query: unknown;
  /** null: stable order by record index (not by any timestamp). */
  sort: SortSpec | null;
  table: Table;
  /** The record the matcher sees (full, with hidden id arrays). */
  fullRecord: (i: number) => Record<string, unknown>;
  /** A record with only id, created_at and updated_at (when the query needs no more). */
  cheapRecord: (i: number) => Record<string, unknown>;
  options?: CompileSearchOptions;
}

const CHEAP_FIELDS = new Set(['id', 'created_at', 'updated_at']);

interface CacheEntry { version: number; list: Uint32Array }

export class SearchEngine {
  private readonly cache = new Map<string, CacheEntry>();

  /** Ordered indices of every match (throws SearchQueryError for a bad query). */
  matches(plan: SearchPlan): Uint32Array {
    const matcher = compileSearchQuery(plan.query, plan.model, plan.options ?? {});
    const key = `${plan.model}|${JSON.stringify(plan.query)}|${plan.sort ? `${plan.sort.field}:${plan.sort.desc}` : 'index'}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === plan.table.version) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.list;
    }
    const t = plan.table;
    const sorted = t.sortedByUpdated();
    // `found`: the matches in (updated_at, index) order, a fresh array (sorted in place below).
    let found: Uint32Array;
    const exact = plan.model === 'contact' ? contactUpdatedRange(plan.query) : null;
    if (exact !== null) {
      found = sorted.slice(lowerBound(sorted, t.updated, exact[0], -1), lowerBound(sorted, t.updated, exact[1], -1));
    } else {
      const [lo, hi] = updatedWindow(plan.query);
      const from = lo === -Infinity ? 0 : lowerBound(sorted, t.updated, lo, -1);
      const to = hi === Infinity ? sorted.length : lowerBound(sorted, t.updated, hi, Infinity);
      const fields = collectFields(plan.query);
      const cheap = [...fields].every((f) => CHEAP_FIELDS.has(f));
      const build = cheap ? plan.cheapRecord : plan.fullRecord;
      const hits: number[] = [];
      for (let p = from; p < to; p++) {
        const i = sorted[p] as number;
        if (matcher(build(i))) hits.push(i);
      }
      found = Uint32Array.from(hits);
    }
    let list: Uint32Array;
    if (plan.sort === null) list = found.sort();
    else {
      list = plan.sort.field === 'updated_at' ? found : sortBy(found, t.created);
      if (plan.sort.desc) list.reverse();
    }
    this.cache.set(key, { version: t.version, list });
    if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value as string);
    return list;
  }
}

function sortBy(found: Uint32Array, values: Uint32Array): Uint32Array {
  const keys = Float64Array.from(found, (i) => (values[i] as number) * 4194304 + i).sort();
  return Uint32Array.from(keys, (k) => k % 4194304);
}

/** First position in `list` strictly after the cursor record (value, index) in the list's order. */
export function positionAfter(list: Uint32Array, values: Uint32Array | null, desc: boolean, value: number, index: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const idx = list[mid] as number;
    const v = values ? (values[idx] as number) : 0;
    const cmp = values ? (v !== value ? v - value : idx - index) : idx - index;
    const after = desc ? cmp < 0 : cmp > 0;
    if (after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Field names a query refers to. */
function collectFields(node: unknown, out = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return out;
  const n = node as Record<string, unknown>;
  if (typeof n['field'] === 'string') out.add(n['field']);
  if (Array.isArray(n['value']) && (n['operator'] === 'AND' || n['operator'] === 'OR')) for (const c of n['value']) collectFields(c, out);
  return out;
}

/** A window [lo, hi] on updated_at that contains every match (widened by a day for the contact day rule). */
export function updatedWindow(node: unknown): [number, number] {
  const all: [number, number] = [-Infinity, Infinity];
  if (typeof node !== 'object' || node === null) return all;
  const n = node as Record<string, unknown>;
  const op = n['operator'];
  if ((op === 'AND' || op === 'OR') && Array.isArray(n['value'])) {
    const parts = n['value'].map(updatedWindow);
    if (parts.length === 0) return all;
    if (op === 'AND') return [Math.max(...parts.map((p) => p[0])), Math.min(...parts.map((p) => p[1]))];
    return [Math.min(...parts.map((p) => p[0])), Math.max(...parts.map((p) => p[1]))];
  }
  if (n['field'] !== 'updated_at') return all;
  const raw = n['value'];
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(v)) return all;
  switch (op) {
    case '>':
    case '>=':
      return [v - DAY, Infinity];
    case '<':
    case '<=':
      return [-Infinity, v + DAY];
    case '=':
      return [v - DAY, v + DAY];
    default:
      return all;
  }
}
