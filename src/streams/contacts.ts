import { queryBounds, readWindows, type TimeWindow, type WindowPage } from '../engine/windows';
import type { RawRecord } from '../common/json';
import { contactChildReaders, contactCompletion } from './contact-children';
import { contactFilterSets, contactSearchQuery, contactSortSupported, type SearchFilter } from './contact-query';
import { listOf, nextCursor, offloadPage, totalCount } from './paginate';
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
/** A window reporting more than this many pages is split in smaller windows (days are never split). */
const PAGES_PER_WINDOW = 20;

type Body = Record<string, unknown>;

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
  const sort = contactSortSupported(ctx.config.api_version) ? { sort: { field: 'updated_at', order: 'ascending' } } : {};
  // A contact can match several filter sets: dedupe within the window (windows are disjoint by updated_at).
  const seen = new WeakMap<TimeWindow, Set<string>>();
  return async (window, raw) => {
    const cursor = decode(raw);
    const { after, before } = queryBounds(window, 'day');
    const filters = filterSets[cursor.q] ?? [];
    const res = await ctx.client.request<Body>({
      method: 'POST',
      path: '/contacts/search',
      stream: STREAM,
      body: {
        query: contactSearchQuery(filters, after, before),
        pagination: { per_page: ctx.pageSize, ...(cursor.after !== undefined ? { starting_after: cursor.after } : {}) },
        ...sort,
      },
      ...offloadPage(ctx, 'data'),
    });
    let records = listOf(res.data, 'data');
    if (filterSets.length > 1) {
      const ids = seen.get(window) ?? new Set<string>();
      seen.set(window, ids);
      records = records.filter((r) => {
        const id = String(r['id']);
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
      });
    }
    const after2 = nextCursor(res.data);
    let next: string | undefined;
    if (after2 !== undefined) next = encode({ q: cursor.q, after: after2 });
    else if (cursor.q + 1 < filterSets.length) next = encode({ q: cursor.q + 1 });
    const page: WindowPage = { records };
    if (next !== undefined) page.next = next;
    const total = totalCount(res.data);
    if (raw === undefined && total !== undefined) page.total = total;
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
 * `contact_ids`: exactly these contacts, by `GET /contacts/{id}`, no search. No checkpoint: a bookmark
 * made from a few chosen contacts would claim the whole stream is read up to it. A contact that is gone
 * (404, or 410 merged in 2.16) is named in a warning.
 */
async function* contactsById(ctx: ReadContext, ids: readonly string[]): AsyncGenerator<ReadEvent> {
  const unique = [...new Set(ids)];
  const batch = Math.max(1, ctx.parallelism);
  for (let i = 0; i < unique.length; i += batch) {
    const got = await Promise.all(
      unique.slice(i, i + batch).map(async (id): Promise<RawRecord | null> => {
        const res = await ctx.client.request<Body>({ method: 'GET', path: `/contacts/${encodeURIComponent(id)}`, stream: STREAM, acceptStatus: [404, 410] });
        if (res.status === 200) return res.data;
        ctx.warn('contact_not_found', `contacts: contact ${id} from contact_ids not found (HTTP ${res.status})`, { contact_id: id });
        return null;
      }),
    );
    const records = got.filter((r): r is RawRecord => r !== null);
    if (records.length > 0) yield { kind: 'records', records };
  }
}

function readContacts(ctx: ReadContext): AsyncIterable<ReadEvent> {
  const ids = ctx.config.contact_ids;
  return ids !== undefined && ids.length > 0 ? contactsById(ctx, ids) : searchContacts(ctx);
}

export const contactReaders: Readers = {
  contacts: { read: readContacts, ...contactCompletion },
  ...contactChildReaders,
};
