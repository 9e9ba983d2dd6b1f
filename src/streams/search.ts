import type { JsonValue } from '../common/json';
import type { WindowPage } from '../engine/windows';
import type { ReadContext } from '../engine/contract';
import { ListProgress, listOf, nextCursor, offloadPage, totalCount } from './paginate';

/**
 * The search cursor style: `POST /contacts|conversations|tickets/search` with the query and
 * `pagination: {per_page, starting_after}` in the body (docs/intercom-api.md §3). The query language's
 * rules live here once: the filter type, the 15-filter limit of a group, and how many pages a search
 * window may hold before it is split.
 */
export type SearchFilter =
  | { field: string; operator: string; value: JsonValue }
  | { operator: 'AND' | 'OR'; value: SearchFilter[] };

/** Intercom accepts at most 15 filters in one AND or OR group. */
export const MAX_GROUP_FILTERS = 15;

/** A search window reporting more records than this many pages is split in smaller windows. */
export const PAGES_PER_WINDOW = 20;

/** One AND or OR group of filters (one filter alone is sent as it is). */
export function groupOf(operator: 'AND' | 'OR', filters: readonly SearchFilter[]): SearchFilter {
  if (filters.length > MAX_GROUP_FILTERS) throw new Error(`a search group holds at most ${MAX_GROUP_FILTERS} filters (got ${filters.length})`);
  const [only] = filters;
  return filters.length === 1 && only ? only : { operator, value: [...filters] };
}

export function andOf(filters: readonly SearchFilter[]): SearchFilter {
  return groupOf('AND', filters);
}

export function orOf(filters: readonly SearchFilter[]): SearchFilter {
  return groupOf('OR', filters);
}

export interface SearchEndpoint {
  /** Stream named in requests and errors. */
  stream: string;
  /** '/conversations/search' */
  path: string;
  /** Key of the result list ('data', 'conversations', 'tickets'). */
  list: string;
  /** The records are yielded as read: pages may be parsed on a render worker (offloadPage). */
  asRead: boolean;
  /** Body fields sent besides query and pagination (e.g. contacts' `sort`). */
  extra?: Record<string, unknown>;
}

/** One page of a search: its records, the next cursor and the reported total. */
export async function searchPage(ctx: ReadContext, endpoint: SearchEndpoint, query: SearchFilter, cursor: string | undefined, perPage: number): Promise<WindowPage> {
  const res = await ctx.client.request<Record<string, unknown>>({
    method: 'POST',
    path: endpoint.path,
    stream: endpoint.stream,
    list: endpoint.list,
    body: { query, pagination: { per_page: perPage, ...(cursor !== undefined ? { starting_after: cursor } : {}) }, ...endpoint.extra },
    ...(endpoint.asRead ? offloadPage(ctx, endpoint.list) : {}),
  });
  const page: WindowPage = { records: listOf(res.data, endpoint.list) };
  const next = nextCursor(res.data);
  if (next !== undefined) page.next = next;
  const total = totalCount(res.data);
  if (total !== undefined) page.total = total;
  return page;
}

/**
 * Every page of one search, in order, outside the window reader (e.g. the contacts whose events are
 * read). Ends on the last page, a cursor seen before, or a page of repeats (ListProgress).
 */
export async function* searchPages(ctx: ReadContext, endpoint: SearchEndpoint, query: SearchFilter): AsyncGenerator<WindowPage> {
  const progress = new ListProgress(ctx, `${endpoint.stream}: POST ${endpoint.path}`);
  let cursor: string | undefined;
  for (;;) {
    const page = await searchPage(ctx, endpoint, query, cursor, ctx.pageSize);
    const received = page.records.length;
    page.records = progress.fresh(page.records);
    yield page;
    if (!progress.progressed(received, page.records.length)) return;
    cursor = page.next;
    if (cursor === undefined || !progress.follow(cursor)) return;
  }
}
