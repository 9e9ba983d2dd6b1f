import type { QueryValue } from '../http/types';
import type { PageSpec } from '../render/pool';
import type { RawRecord } from '../common/json';
import { keyValue } from '../engine/contract';
import type { ReadBounds, ReadContext, ReadEvent } from '../engine/contract';

/**
 * The list readers, one per Intercom pagination style (docs/intercom-api.md "Pagination styles"), and
 * the rules every list shares. Streams use these and write no paging loop of their own:
 * - E. none: `single`
 * - A. cursor on a GET list (`starting_after`): `cursorPages`
 * - B. page number (`page` from 1 to `pages.total_pages`): `numberedPages`
 * - D. URL `pages.next` (events, activity logs): `linkedPages`
 * - search cursor (`pagination.starting_after` in a POST body): src/streams/search.ts
 * - C. scroll (companies): src/streams/company-scroll.ts
 * Every loop here ends on progress, not on the server's word alone: a next-page pointer seen before, or
 * a page that brings no record not already seen, ends the list with one `page_repeated` warning, and
 * what was already yielded is never yielded again. Every request names where its list must be
 * (`RequestSpec.list`): the client refuses a body whose list is missing or not an array.
 */
type Body = Record<string, unknown>;
type Query = Record<string, QueryValue>;

/** The value at a dotted path ('conversation_parts.conversation_parts'), or undefined. */
export function at(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Body)[key];
  }
  return value;
}

/**
 * The records at `list` in a body: a dotted path, or alternatives separated by `|` ('data|companies':
 * the first that holds records). [] when absent (the client refuses such bodies before they get here).
 */
export function listOf(body: unknown, list: string): RawRecord[] {
  for (const path of list.split('|')) {
    const value = at(body, path);
    if (Array.isArray(value) && value.length > 0) return value as RawRecord[];
  }
  return [];
}

/**
 * The request option that lets the client parse a page of records on a render worker, when the engine
 * offers it (ReadContext.pages). Only for readers that yield the page's list as it is.
 */
export function offloadPage(ctx: ReadContext, listKey: string): { page?: PageSpec } {
  return ctx.pages ? { page: { listKey, ...ctx.pages } } : {};
}

/** `pages.next.starting_after`, absent on the last page. */
export function nextCursor(body: unknown): string | undefined {
  const cursor = at(body, 'pages.next.starting_after');
  return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

/** `pages.next` when it is a URL (style D), absent on the last page. */
export function nextLink(body: unknown): string | undefined {
  const next = at(body, 'pages.next');
  return typeof next === 'string' && next !== '' ? next : undefined;
}

export function totalCount(body: unknown): number | undefined {
  const total = at(body, 'total_count');
  return typeof total === 'number' ? total : undefined;
}

/** `pages.total_pages`, or `page` itself (the last) when the body does not say. */
export function totalPages(body: unknown, page: number): number {
  const total = at(body, 'pages.total_pages');
  return typeof total === 'number' ? total : page;
}

/** The id of a record as a string, or undefined when it has none (null, absent, empty). */
export function idOf(record: RawRecord): string | undefined {
  const id = record['id'];
  if (typeof id === 'string') return id === '' ? undefined : id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

/** One list endpoint: what to ask and where the records are. */
export interface ListRequest {
  /** Stream named in requests, errors and warnings. */
  stream: string;
  path: string;
  /** Where the page's records are (dotted path), sent as RequestSpec.list. */
  list: string;
  method?: 'GET' | 'POST';
  query?: Query;
  /** Statuses that end the list as a normal answer (e.g. 404: the parent is gone): the page says which. */
  acceptStatus?: readonly number[];
  /** The records may be parsed on a render worker (offloadPage): only for lists yielded as they are. */
  offload?: boolean;
}

/** One page of a list: `records` are those not yielded before in this list (in the page's order). */
export interface ListPage {
  status: number;
  body: Body;
  records: RawRecord[];
  /** Records on the page, seen before or not. */
  received: number;
}

/**
 * Remembers what one list has yielded and which next-page pointers it followed: a page that brings no
 * new record, or a pointer seen before, means the server is looping; the list ends with one warning.
 */
export class ListProgress {
  private readonly ids = new Set<string>();
  private readonly pointers = new Set<string>();
  private warned = false;

  constructor(
    private readonly ctx: ReadContext,
    private readonly what: string,
  ) {}

  /** The records not seen before in this list, remembering them. Records without an id count as new. */
  fresh(records: readonly RawRecord[]): RawRecord[] {
    return records.filter((r) => {
      const id = idOf(r);
      if (id === undefined) return true;
      if (this.ids.has(id)) return false;
      this.ids.add(id);
      return true;
    });
  }

  /** Whether to follow `pointer`: false (with the warning) when it was followed before. */
  follow(pointer: string): boolean {
    if (this.pointers.has(pointer)) {
      this.stop(`the next-page pointer ${JSON.stringify(pointer.length > 80 ? `${pointer.slice(0, 80)}…` : pointer)} came back`);
      return false;
    }
    this.pointers.add(pointer);
    return true;
  }

  /** Whether a page of `received` records of which `fresh` were new lets the list go on (a full page of repeats does not). */
  progressed(received: number, fresh: number): boolean {
    if (received === 0 || fresh > 0) return true;
    this.stop(`a page of ${received} records brought none not already read`);
    return false;
  }

  private stop(why: string): void {
    if (this.warned) return;
    this.warned = true;
    this.ctx.warn('page_repeated', `${this.what}: ${why}; the server is repeating pages, the list ends here (records already read are kept, none is emitted twice)`, {
      list: this.what,
    });
  }
}

async function fetchPage(ctx: ReadContext, req: ListRequest, query: Query | undefined, progress: ListProgress): Promise<ListPage> {
  const res = await ctx.client.request<Body>({
    method: req.method ?? 'GET',
    path: req.path,
    stream: req.stream,
    list: req.list,
    ...(query ? { query } : {}),
    ...(req.acceptStatus ? { acceptStatus: req.acceptStatus } : {}),
    ...(req.offload ? offloadPage(ctx, req.list) : {}),
  });
  if (req.acceptStatus?.includes(res.status)) return { status: res.status, body: res.data, records: [], received: 0 };
  const all = listOf(res.data, req.list);
  return { status: res.status, body: res.data, records: progress.fresh(all), received: all.length };
}

function describe(req: ListRequest): string {
  return `${req.stream}: ${req.method ?? 'GET'} ${req.path}`;
}

/** E. No pagination: one request. */
export async function* single(ctx: ReadContext, req: ListRequest): AsyncGenerator<ListPage> {
  yield await fetchPage(ctx, req, req.query, new ListProgress(ctx, describe(req)));
}

/** A. Cursor pagination on a GET list (`per_page`, `starting_after`), to the page without `pages.next`. */
export async function* cursorPages(ctx: ReadContext, req: ListRequest): AsyncGenerator<ListPage> {
  const progress = new ListProgress(ctx, describe(req));
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(ctx, req, { ...req.query, per_page: ctx.pageSize, ...(cursor !== undefined ? { starting_after: cursor } : {}) }, progress);
    yield page;
    if (page.status !== 200 || !progress.progressed(page.received, page.records.length)) return;
    cursor = nextCursor(page.body);
    if (cursor === undefined || !progress.follow(cursor)) return;
  }
}

/** B. Page-number pagination (`page` from 1 to `pages.total_pages`; an empty page ends it too). */
export async function* numberedPages(ctx: ReadContext, req: ListRequest): AsyncGenerator<ListPage> {
  const progress = new ListProgress(ctx, describe(req));
  for (let n = 1; ; n += 1) {
    const page = await fetchPage(ctx, req, { ...req.query, page: n, per_page: ctx.pageSize }, progress);
    yield page;
    if (page.status !== 200 || page.received === 0 || n >= totalPages(page.body, n)) return;
    if (!progress.progressed(page.received, page.records.length)) return;
  }
}

/**
 * D. Linked pages: `pages.next` is the next request, a URL to request as it is (GET /events), or a
 * cursor object, sent as `starting_after` with the first query (activity logs, whose paging is
 * undocumented). Ends when it is absent or repeats.
 */
export async function* linkedPages(ctx: ReadContext, req: ListRequest): AsyncGenerator<ListPage> {
  const progress = new ListProgress(ctx, describe(req));
  let request: { path: string; query?: Query } = { path: req.path, ...(req.query ? { query: req.query } : {}) };
  for (;;) {
    const page = await fetchPage(ctx, { ...req, path: request.path }, request.query, progress);
    yield page;
    if (page.status !== 200 || !progress.progressed(page.received, page.records.length)) return;
    const link = nextLink(page.body);
    const cursor = link === undefined ? nextCursor(page.body) : undefined;
    if (link === undefined && cursor === undefined) return;
    request = link !== undefined ? { path: link } : { path: req.path, query: { ...req.query, starting_after: cursor } };
    if (!progress.follow(JSON.stringify(request))) return;
  }
}

/** The new records of list pages as read events (empty pages dropped), each changed by `map` when given. */
export async function* recordEvents(pages: AsyncIterable<ListPage>, map?: (record: RawRecord) => RawRecord): AsyncGenerator<ReadEvent> {
  for await (const page of pages) if (page.records.length > 0) yield { kind: 'records', records: map ? page.records.map(map) : page.records };
}

/**
 * The final checkpoint of a read that cannot checkpoint earlier (an unsorted list, or one sorted
 * otherwise than by the key): passes `events` through, then, with bounds, one checkpoint with the
 * largest key value INSIDE the bounds among the records read (the engine emits nothing outside them, so
 * a larger value would pass records that were never emitted).
 */
export async function* withFinalCheckpoint(events: AsyncIterable<ReadEvent>, bounds: ReadBounds | undefined): AsyncGenerator<ReadEvent> {
  let max = Number.NEGATIVE_INFINITY;
  for await (const event of events) {
    if (bounds && event.kind === 'records') {
      for (const r of event.records) {
        const v = keyValue(r, bounds.key);
        if (v >= bounds.start && v <= bounds.end && v > max) max = v;
      }
    }
    yield event;
  }
  if (bounds && Number.isFinite(max)) yield { kind: 'checkpoint', value: max };
}
