import type { RawRecord } from '../common/json';
import { numberedPages } from './paginate';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * help_center_collections (GET /help_center/collections) and help_center_articles (GET /articles):
 * page-number paged, sorted by updated_at DESCENDING.
 * - Stop at the first page whose records are all older than the bounds' start: every later page is older.
 * - An edit during the sync moves that item to the front, so the others shift to later pages and show
 *   up twice: dedupe by id. (The edited item itself now lies above the run's end: the next run gets it.)
 * - Newest first means nothing is complete before the last page: one checkpoint, at the end, with the
 *   largest updated_at inside the bounds.
 */
export function readNewestFirst(stream: string, path: string): (ctx: ReadContext) => AsyncIterable<ReadEvent> {
  return async function* read(ctx: ReadContext): AsyncGenerator<ReadEvent> {
    const bounds = ctx.bounds;
    // The early stop relies on the sort, which is by updated_at only.
    const sortedByKey = bounds?.key === 'updated_at';
    const seen = new Set<string>();
    let max = Number.NEGATIVE_INFINITY;
    for await (const page of numberedPages(ctx, stream, path, 'data')) {
      const fresh: RawRecord[] = [];
      for (const r of page) {
        const id = String(r['id']);
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(r);
        if (bounds) {
          const v = keyValue(r, bounds.key);
          if (v >= bounds.start && v <= bounds.end && v > max) max = v;
        }
      }
      if (fresh.length > 0) yield { kind: 'records', records: fresh };
      if (bounds && sortedByKey && page.length > 0 && page.every((r) => keyValue(r, bounds.key) < bounds.start)) break;
    }
    if (Number.isFinite(max)) yield { kind: 'checkpoint', value: max };
  };
}

export const helpCenterReaders: Readers = {
  help_center_collections: { read: readNewestFirst('help_center_collections', '/help_center/collections') },
  help_center_articles: { read: readNewestFirst('help_center_articles', '/articles') },
};
