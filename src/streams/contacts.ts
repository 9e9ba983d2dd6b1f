import { queryBounds, readWindows, type TimeWindow, type WindowPage } from '../engine/windows';
import type { RawRecord } from '../common/json';
import { contactChildReaders, contactCompletion } from './contact-children';
import { contactFilterSets, contactSearchQuery, contactSortSupported } from './contact-query';
import { getById, readByIds } from './by-id';
import { PAGES_PER_WINDOW, searchPage, type SearchEndpoint, type SearchFilter } from './search';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * contacts: `POST /contacts/search` on `updated_at`, read by parallel disjoint DAY windows.
 *
 * Intercom compares contact dates by calendar day (docs/intercom-api.md §3, §4.1): `updated_at > t` matches from
 * the start of the day after t. Each window therefore asks `updated_at > (first day − 1 s) AND updated_at <
 * (day after the last day)`, which returns its days whole; readWindows keeps what lies in the window, so
 * the bookmark's whole day is read again and the engine drops only what is strictly older than the
 * bookmark. Completed window prefixes checkpoint; correctness never depends on the sort order (`sort` is
 * sent only where the API version documents it).
 */
const STREAM = 'contacts';

interface Cursor {
  /** Which of the filter sets (queries) of the window is being read. */
  q: number;
  after?: string;
}

function encode(cursor: Cursor): string {
  return JSON.stringify(cursor);
}

function decode(raw: string | undefined): Cursor {
  if (raw === undefined) return { q: 0 };
  return JSON.parse(raw) as Cursor;
}

/** Reads one page of one window; several filter sets (more than 15 ids) are read one after the other. */
function windowPageReader(ctx: ReadContext, filterSets: SearchFilter[][]): (window: TimeWindow, cursor: string | undefined) => Promise<WindowPage> {
  const endpoint: SearchEndpoint = {
    stream: STREAM,
    path: '/contacts/search',
    list: 'data',
    asRead: true,
    ...(contactSortSupported(ctx.config.api_version) ? { extra: { sort: { field: 'updated_at', order: 'ascending' } } } : {}),
  };
  // A contact can match several filter sets: dedupe within the window (windows are disjoint by updated_at).
  const seen = new WeakMap<TimeWindow, Set<string>>();
  return async (window, raw) => {
    const cursor = decode(raw);
    const { after, before } = queryBounds(window, 'day');
    const filters = filterSets[cursor.q] ?? [];
    const page = await searchPage(ctx, endpoint, contactSearchQuery(filters, after, before), cursor.after, ctx.pageSize);
    if (filterSets.length > 1) {
      const ids = seen.get(window) ?? new Set<string>();
      seen.set(window, ids);
      page.records = page.records.filter((r) => {
        const id = String(r['id']);
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
      });
    }
    if (page.next !== undefined) page.next = encode({ q: cursor.q, after: page.next });
    else if (cursor.q + 1 < filterSets.length) page.next = encode({ q: cursor.q + 1 });
    // The window's total is the first query's (readWindows reads it on the window's first page only).
    if (raw !== undefined) delete page.total;
    return page;
  };
}

async function* searchContacts(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const bounds = ctx.bounds;
  const start = bounds?.start ?? 0;
  const end = bounds?.end ?? Math.floor(Date.now() / 1000);
  yield* readWindows({
    start,
    end,
    unit: 'day',
    parallelism: Math.max(1, ctx.parallelism),
    maxPerWindow: PAGES_PER_WINDOW * ctx.pageSize,
    fetchPage: windowPageReader(ctx, contactFilterSets(ctx.config)),
    valueOf: (r) => keyValue(r, 'updated_at'),
    signal: ctx.signal,
  });
}

/**
 * `contact_ids`: exactly these contacts, by `GET /contacts/{id}`, no search and no checkpoint. A contact
 * that is gone (404, or 410 merged in 2.16) is named in a warning.
 */
function contactsById(ctx: ReadContext, ids: readonly string[]): AsyncIterable<ReadEvent> {
  return readByIds(ctx, ids, (id) =>
    getById(ctx, {
      stream: STREAM,
      path: `/contacts/${encodeURIComponent(id)}`,
      gone: [404, 410],
      onGone: (status) => ctx.warn('contact_not_found', `contacts: contact ${id} from contact_ids not found (HTTP ${status})`, { contact_id: id }),
    }),
  );
}

function readContacts(ctx: ReadContext): AsyncIterable<ReadEvent> {
  const ids = ctx.config.contact_ids;
  return ids !== undefined && ids.length > 0 ? contactsById(ctx, ids) : searchContacts(ctx);
}

export const contactReaders: Readers = {
  contacts: { read: readContacts, ...contactCompletion },
  ...contactChildReaders,
};
