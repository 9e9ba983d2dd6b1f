import { parseDateOrDateTime } from '../common/dates';
import type { QueryValue } from '../http/types';
import { linkedPages, recordEvents, withFinalCheckpoint } from './paginate';
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

function readActivityLogs(ctx: ReadContext): AsyncIterable<ReadEvent> {
  const bounds = ctx.bounds;
  const start = bounds?.start ?? Math.floor((parseDateOrDateTime(ctx.config.start_date) ?? 0) / 1000);
  const end = bounds?.end ?? Math.floor(Date.now() / 1000);
  const window: Record<string, QueryValue> = { created_at_after: String(Math.max(0, start - 1)), created_at_before: String(end + 1) };
  const pages = linkedPages(ctx, { stream: STREAM, path: PATH, list: 'activity_logs', query: window });
  return withFinalCheckpoint(recordEvents(pages), bounds);
}

export const activityLogReaders: Readers = {
  activity_logs: { read: readActivityLogs },
};
