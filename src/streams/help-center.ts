import { listOf, numberedPages, withFinalCheckpoint } from './paginate';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * help_center_collections (GET /help_center/collections) and help_center_articles (GET /articles):
 * page-number paged, sorted by updated_at DESCENDING.
 * - Stop at the first page whose records are all older than the bounds' start: every later page is older.
 * - An edit during the sync moves that item to the front, so the others shift to later pages and show
 *   up twice: numberedPages yields each id once. (The edited item itself now lies above the run's end: the next run gets it.)
 * - Newest first means nothing is complete before the last page: one checkpoint, at the end, with the
 *   largest updated_at inside the bounds.
 */
export function readNewestFirst(stream: string, path: string): (ctx: ReadContext) => AsyncIterable<ReadEvent> {
  return function read(ctx: ReadContext): AsyncIterable<ReadEvent> {
    return withFinalCheckpoint(newestFirst(ctx, stream, path), ctx.bounds);
  };
}

async function* newestFirst(ctx: ReadContext, stream: string, path: string): AsyncGenerator<ReadEvent> {
  const bounds = ctx.bounds;
  // The early stop relies on the sort, which is by updated_at only.
  const sortedByKey = bounds?.key === 'updated_at';
  for await (const page of numberedPages(ctx, { stream, path, list: 'data' })) {
    if (page.records.length > 0) yield { kind: 'records', records: page.records };
    const all = listOf(page.body, 'data');
    if (bounds && sortedByKey && all.length > 0 && all.every((r) => keyValue(r, bounds.key) < bounds.start)) return;
  }
}

export const helpCenterReaders: Readers = {
  help_center_collections: { read: readNewestFirst('help_center_collections', '/help_center/collections') },
  help_center_articles: { read: readNewestFirst('help_center_articles', '/articles') },
};
