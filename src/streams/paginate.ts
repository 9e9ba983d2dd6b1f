import type { QueryValue } from '../http/types';
import type { PageSpec } from '../render/pool';
import type { RawRecord } from '../common/json';
import type { ReadContext, ReadEvent } from '../engine/contract';

/**
 * One small async generator per Intercom pagination style; each yields pages (arrays of raw records).
 * Which key holds the list differs per endpoint (`data`, `admins`, `conversations`…): `listKey` says.
 */
type Body = Record<string, unknown>;

export function listOf(body: Body, listKey: string): RawRecord[] {
  const list = body[listKey];
  return Array.isArray(list) ? (list as RawRecord[]) : [];
}

/**
 * The request option that lets the client parse a page of records on a render worker, when the engine
 * offers it (ReadContext.pages). Only for readers that yield the page's list as it is.
 */
export function offloadPage(ctx: ReadContext, listKey: string): { page?: PageSpec } {
  return ctx.pages ? { page: { listKey, ...ctx.pages } } : {};
}

/** `pages.next.starting_after`, absent on the last page. */
export function nextCursor(body: Body): string | undefined {
  const pages = body['pages'];
  if (!pages || typeof pages !== 'object') return undefined;
  const next = (pages as Body)['next'];
  if (!next || typeof next !== 'object') return undefined;
  const cursor = (next as Body)['starting_after'];
  return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

export function totalCount(body: Body): number | undefined {
  const total = body['total_count'];
  return typeof total === 'number' ? total : undefined;
}

/** E. No pagination: one request. */
export async function* single(ctx: ReadContext, stream: string, path: string, listKey: string, query?: Record<string, QueryValue>): AsyncGenerator<RawRecord[]> {
  const res = await ctx.client.request<Body>({ method: 'GET', path, stream, ...(query ? { query } : {}) });
  yield listOf(res.data, listKey);
}

/**
 * A. Cursor pagination on a GET list (`per_page`, `starting_after`). With `onGone`, a 404 (the parent
 * was deleted since it was listed) ends the list after calling it, instead of failing the run.
 */
export async function* cursorPages(
  ctx: ReadContext,
  stream: string,
  path: string,
  listKey: string,
  options: { query?: Record<string, QueryValue>; onGone?: () => void } = {},
): AsyncGenerator<RawRecord[]> {
  let cursor: string | undefined;
  do {
    const res = await ctx.client.request<Body>({
      method: 'GET',
      path,
      stream,
      query: { ...options.query, per_page: ctx.pageSize, ...(cursor ? { starting_after: cursor } : {}) },
      ...(options.onGone ? { acceptStatus: [404] } : {}),
    });
    if (res.status === 404 && options.onGone) {
      options.onGone();
      return;
    }
    yield listOf(res.data, listKey);
    cursor = nextCursor(res.data);
  } while (cursor !== undefined);
}

/** B. Page-number pagination (`page` from 1 to `pages.total_pages`). */
export async function* numberedPages(ctx: ReadContext, stream: string, path: string, listKey: string, query: Record<string, QueryValue> = {}): AsyncGenerator<RawRecord[]> {
  for (let page = 1; ; page += 1) {
    const res = await ctx.client.request<Body>({ method: 'GET', path, stream, query: { ...query, page, per_page: ctx.pageSize } });
    const records = listOf(res.data, listKey);
    yield records;
    const pages = res.data['pages'] as Body | undefined;
    const totalPages = typeof pages?.['total_pages'] === 'number' ? (pages['total_pages'] as number) : page;
    if (records.length === 0 || page >= totalPages) return;
  }
}

/**
 * Turns pages of an unsorted (or fully read) list into read events: the records, then one checkpoint
 * at the end with the largest key value seen (unsorted lists cannot checkpoint earlier).
 */
export async function* withFinalCheckpoint(pages: AsyncIterable<RawRecord[]>, valueOf?: (r: RawRecord) => number): AsyncGenerator<ReadEvent> {
  let max = Number.NEGATIVE_INFINITY;
  for await (const records of pages) {
    if (valueOf) for (const r of records) max = Math.max(max, valueOf(r));
    if (records.length > 0) yield { kind: 'records', records };
  }
  if (Number.isFinite(max)) yield { kind: 'checkpoint', value: max };
}

