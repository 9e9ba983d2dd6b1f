import { parseDateOrDateTime } from '../common/dates';
import type { QueryValue } from '../http/types';
import type { RawRecord } from '../common/json';
import { listOf } from './paginate';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * activity_logs: GET /admins/activity_logs with `created_at_after` / `created_at_before` taken from the
 * bounds, so each run asks only for its own window. Both ends are widened by a second: Intercom does not
 * say whether they are inclusive, and the engine drops what lies outside the bounds anyway.
 * Paging is undocumented: we follow `pages.next` as Intercom gives it (a URL, or a cursor object), and
 * stop when it is absent or repeats. The order is not promised, so the only checkpoint comes at the end.
 */
const STREAM = 'activity_logs';
const PATH = '/admins/activity_logs';

type Body = Record<string, unknown>;

/** The next request after `body`: a URL to request as it is, a cursor, or nothing (the end). */
function nextRequest(body: Body): { url: string } | { cursor: string } | undefined {
  const pages = body['pages'];
  if (!pages || typeof pages !== 'object') return undefined;
  const next = (pages as Body)['next'];
  if (typeof next === 'string' && next !== '') return { url: next };
  if (next && typeof next === 'object') {
    const cursor = (next as Body)['starting_after'];
    if (typeof cursor === 'string' && cursor !== '') return { cursor };
  }
  return undefined;
}

async function* readActivityLogs(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const bounds = ctx.bounds;
  const start = bounds?.start ?? Math.floor((parseDateOrDateTime(ctx.config.start_date) ?? 0) / 1000);
  const end = bounds?.end ?? Math.floor(Date.now() / 1000);
  const window: Record<string, QueryValue> = { created_at_after: String(Math.max(0, start - 1)), created_at_before: String(end + 1) };
  const key = bounds?.key ?? 'created_at';
  const seen = new Set<string>();
  const asked = new Set<string>();
  let max = Number.NEGATIVE_INFINITY;
  let request: { path: string; query?: Record<string, QueryValue> } | undefined = { path: PATH, query: window };
  while (request !== undefined) {
    const res: { data: Body } = await ctx.client.request<Body>({ method: 'GET', stream: STREAM, ...request });
    const fresh: RawRecord[] = [];
    for (const r of listOf(res.data, 'activity_logs')) {
      const id = String(r['id']);
      if (seen.has(id)) continue;
      seen.add(id);
      fresh.push(r);
      const v = keyValue(r, key);
      if (v >= start && v <= end && v > max) max = v;
    }
    if (fresh.length > 0) yield { kind: 'records', records: fresh };
    const next = nextRequest(res.data);
    request = next === undefined ? undefined : 'url' in next ? { path: next.url } : { path: PATH, query: { ...window, starting_after: next.cursor } };
    const fingerprint = JSON.stringify(request ?? null);
    if (request !== undefined && asked.has(fingerprint)) request = undefined;
    asked.add(fingerprint);
  }
  if (bounds && Number.isFinite(max)) yield { kind: 'checkpoint', value: max };
}

export const activityLogReaders: Readers = {
  activity_logs: { read: readActivityLogs },
};
