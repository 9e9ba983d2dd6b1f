import { readWindows, queryBounds, type TimeWindow } from '../engine/windows';
import type { RawRecord } from '../common/json';
import { andOf, PAGES_PER_WINDOW, searchPage, type SearchEndpoint, type SearchFilter } from './search';
import { keyValue } from '../engine/contract';
import type { ReadBounds, ReadContext, ReadEvent } from '../engine/contract';

/**
 * Incremental reads of `POST /conversations/search` and `POST /tickets/search` by parallel, disjoint
 * windows closed on both ends. Both searches compare dates (and ids) by the second, return results in no
 * documented order and may read `>` as "greater or equal": each window asks `key > from-1 AND key < to+1`
 * and `readWindows` keeps only what lies in [from, to], so each record is yielded once whatever the
 * reading. Checkpoints cover completed window prefixes only (never the middle of an unordered window).
 */
export interface SearchSpec extends SearchEndpoint {
  /** User filters ANDed with the window bounds (Intercom allows 15 per group; the bounds take 2). */
  filters: readonly SearchFilter[];
}

function windowQuery(spec: SearchSpec, key: string, window: TimeWindow): SearchFilter {
  const { after, before } = queryBounds(window, 'second');
  return andOf([{ field: key, operator: '>', value: after }, { field: key, operator: '<', value: before }, ...spec.filters]);
}

function windowed(ctx: ReadContext, spec: SearchSpec, key: string, start: number, end: number, parallelism: number): AsyncIterable<ReadEvent> {
  return readWindows({
    start,
    end,
    unit: 'second',
    parallelism,
    maxPerWindow: PAGES_PER_WINDOW * ctx.pageSize,
    fetchPage: (window, cursor) => searchPage(ctx, spec, windowQuery(spec, key, window), cursor, ctx.pageSize),
    valueOf: (r) => keyValue(r, key),
    signal: ctx.signal,
  });
}

/**
 * Reads every record with `bounds.start <= key <= bounds.end`. Without bounds (full table), reads every
 * record by `updated_at` up to now.
 */
export function readSearch(ctx: ReadContext, spec: SearchSpec): AsyncIterable<ReadEvent> {
  const bounds: ReadBounds = ctx.bounds ?? { key: 'updated_at', kind: 'datetime', start: 0, end: Math.floor(Date.now() / 1000) };
  if (bounds.kind === 'integer') return readIdRange(ctx, spec, bounds);
  return windowed(ctx, spec, bounds.key, bounds.start, bounds.end, ctx.parallelism);
}

/**
 * Whether some record matches `filters` and `test`, when Intercom may add up to `extras` records the
 * test rejects (a `>` read as `>=` adds the bound itself): asks for `extras + 1` records only.
 */
async function exists(ctx: ReadContext, spec: SearchSpec, filters: SearchFilter[], extras: number, test: (id: number) => boolean): Promise<boolean> {
  const page = await searchPage(ctx, spec, andOf([...filters, ...spec.filters]), undefined, extras + 1);
  return page.records.some((r) => test(keyValue(r, 'id'))) || (page.total ?? 0) > extras;
}

/**
 * Replication on `id` (numeric ids that grow): bounds run from the bookmark to MAX_SAFE_INTEGER, and
 * splitting that evenly would put every record in one giant first window. So the range is narrowed first:
 * one probe returns the count and a sample of ids; when the count fits one window it is read as is,
 * otherwise the edges are found by galloping from the sample's min and max (a few tiny requests), and
 * the windows split [min, max], the adaptive split on total_count handling dense ranges. The max found is
 * this run's upper bound: conversations created later wait for the next run.
 */
async function* readIdRange(ctx: ReadContext, spec: SearchSpec, bounds: ReadBounds): AsyncGenerator<ReadEvent> {
  const { start, end } = bounds;
  if (end < start) return;
  const from: SearchFilter = { field: 'id', operator: '>', value: start - 1 };
  const probe = await searchPage(ctx, spec, andOf([from, ...spec.filters]), undefined, ctx.pageSize);
  const total = probe.total ?? probe.records.length;
  if (total === 0) return;
  if (total <= PAGES_PER_WINDOW * ctx.pageSize) {
    yield* windowed(ctx, spec, 'id', start, end, 1);
    return;
  }
  const sample = probe.records.map((r) => keyValue(r, 'id')).filter((v) => Number.isFinite(v) && v >= start && v <= end);
  let lo = sample.length > 0 ? Math.min(...sample) : start;
  let hi = sample.length > 0 ? Math.max(...sample) : end;
  let step = Math.max(1, hi - lo + 1);
  while (hi < end) {
    const edge = hi;
    if (!(await exists(ctx, spec, [{ field: 'id', operator: '>', value: edge }], 1, (v) => v > edge))) break;
    hi = Math.min(end, hi + step);
    step *= 2;
  }
  step = Math.max(1, hi - lo + 1);
  while (lo > start) {
    const edge = lo;
    if (!(await exists(ctx, spec, [from, { field: 'id', operator: '<', value: edge }], 2, (v) => v >= start && v < edge))) break;
    lo = Math.max(start, lo - step);
    step *= 2;
  }
  yield* windowed(ctx, spec, 'id', lo, hi, ctx.parallelism);
}

/** The records of a page, for callers that reshape them. */
export function mapEvents(events: AsyncIterable<ReadEvent>, map: (r: RawRecord) => RawRecord): AsyncIterable<ReadEvent> {
  return (async function* mapped(): AsyncGenerator<ReadEvent> {
    for await (const event of events) yield event.kind === 'records' ? { kind: 'records', records: event.records.map(map) } : event;
  })();
}
