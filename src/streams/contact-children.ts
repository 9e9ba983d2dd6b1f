import { isCutList, type RawRecord } from '../common/json';
import { getById, parentId, readByIds } from './by-id';
import { idOf, numberedPages, single } from './paginate';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * Children of contacts, one record per item with `contact_id`, and the completion of a contact's own
 * embedded lists (no record carries a silently cut list).
 *
 * A contact embeds its tags, companies and notes as `{data: [{type, id, url}], total_count, has_more}`, at
 * most 10 items (docs/intercom-api.md §2.4). When that list is complete, `contact_tags` and
 * `contact_companies` (link streams: `contact_id`, `id`, `type`) come from it with no request; only a cut
 * list is fetched, from `GET /contacts/{id}/tags|companies` (following pages). `notes` needs the notes
 * themselves, so it asks `GET /contacts/{id}/notes` for every contact with any note. `contact_segments`
 * has no embedded list: see segment-plan.ts for how it is read.
 *
 * When the contact itself is emitted with a cut list, `completeContact` fetches the sub-endpoint before the
 * contact is emitted and writes the whole list into the record; the child stream then reads the completed
 * record and reuses what was fetched (`fetched`): one request serves both.
 */
type Body = Record<string, unknown>;
type Embedded = 'tags' | 'companies' | 'notes';
type What = Embedded | 'segments';

interface SubEndpoint {
  what: What;
  /** Page-numbered (`page`, `per_page`, `pages.total_pages`); else one request. */
  paged: boolean;
  /** Where the items are: the spec names them `companies` for attached companies, the example `data` (§2.4). */
  list: string;
}

const SUB: Record<What, SubEndpoint> = {
  tags: { what: 'tags', paged: false, list: 'data' },
  companies: { what: 'companies', paged: true, list: 'data|companies' },
  notes: { what: 'notes', paged: true, list: 'data' },
  segments: { what: 'segments', paged: false, list: 'data' },
};

/** The lists a contact embeds that completion may fill. */
export const EMBEDDED_LISTS: readonly Embedded[] = ['tags', 'companies', 'notes'];

/**
 * What completion fetched for a completed contact record, per list: the items as the sub-endpoint returns
 * them, or null when the contact was gone (warned once). Children of that record read from here.
 */
const fetched = new WeakMap<RawRecord, Map<What, RawRecord[] | null>>();

/**
 * Every item of `GET /contacts/{id}/{what}`, following pages; null when the contact is gone (deleted or
 * merged since the search: 404, 410), after one warning naming `stream`.
 */
async function fetchAll(id: string, sub: SubEndpoint, stream: string, ctx: ReadContext): Promise<RawRecord[] | null> {
  const req = { stream, path: `/contacts/${encodeURIComponent(id)}/${sub.what}`, list: sub.list, acceptStatus: [404, 410] };
  const out: RawRecord[] = [];
  for await (const page of sub.paged ? numberedPages(ctx, req) : single(ctx, req)) {
    if (page.status !== 200) {
      ctx.warn('contact_gone', `${stream}: contact ${id} is gone (HTTP ${page.status}); its ${sub.what} are skipped`, { contact_id: id });
      return null;
    }
    out.push(...page.records);
  }
  return out;
}

/** The embedded list's items when the list is complete (has_more false, every counted item present). */
function completeItems(contact: RawRecord, what: Embedded): RawRecord[] | undefined {
  const list = contact[what];
  if (!list || typeof list !== 'object' || Array.isArray(list) || isCutList(list)) return undefined;
  const data = (list as Body)['data'];
  return Array.isArray(data) ? (data as RawRecord[]) : undefined;
}

/**
 * The embedded list made whole from the sub-endpoint's items: each item as embedded ({type, id, url}) when
 * the contact embedded it, else its `type` and `id` (Intercom gives no `url` for the others).
 */
function completedList(list: unknown, all: readonly RawRecord[]): Body {
  const base = list && typeof list === 'object' && !Array.isArray(list) ? (list as Body) : {};
  const embedded = new Map<unknown, RawRecord>();
  const data = base['data'];
  if (Array.isArray(data)) for (const item of data as RawRecord[]) embedded.set(item['id'], item);
  return {
    ...base,
    data: all.map((item) => embedded.get(item['id']) ?? { type: item['type'], id: item['id'] }),
    total_count: all.length,
    has_more: false,
  };
}

/**
 * contacts' completeRecord: the work that completes the cut lists among the emitted `fields`, or undefined
 * when none is cut. The lists are fetched at once; a contact gone meanwhile keeps its lists as read (warned).
 */
function completeContact(contact: RawRecord, fields: readonly string[], ctx: ReadContext): (() => Promise<RawRecord>) | undefined {
  const cut = EMBEDDED_LISTS.filter((what) => fields.includes(what) && isCutList(contact[what]));
  const id = idOf(contact);
  if (cut.length === 0 || id === undefined) return undefined;
  return async () => {
    const lists = await Promise.all(cut.map((what) => fetchAll(id, SUB[what], 'contacts', ctx)));
    const full: RawRecord = { ...contact };
    const got = new Map<What, RawRecord[] | null>();
    cut.forEach((what, k) => {
      const all = lists[k] ?? null;
      got.set(what, all);
      if (all !== null) full[what] = completedList(contact[what], all);
    });
    fetched.set(full, got);
    return full;
  };
}

/** The items of a child list: from the complete embedded list, else what completion fetched, else fetched now. */
async function childItems(contact: RawRecord, id: string, what: What, stream: string, ctx: ReadContext): Promise<RawRecord[] | null> {
  const shared = fetched.get(contact)?.get(what);
  if (shared !== undefined) return shared;
  return fetchAll(id, SUB[what], stream, ctx);
}

/** contact_tags, contact_companies: one link record per item (`contact_id`, `id`, `type`). */
function linkReader(stream: string, what: 'tags' | 'companies'): (parent: RawRecord, ctx: ReadContext) => AsyncIterable<RawRecord[]> {
  return async function* readLinks(parent, ctx) {
    const id = parentId(ctx, parent, stream);
    if (id === undefined) return;
    const list = completeItems(parent, what) ?? (await childItems(parent, id, what, stream, ctx));
    if (list === null || list.length === 0) return;
    yield list.map((item) => ({ contact_id: id, id: item['id'], type: item['type'] }));
  };
}

/** notes: the notes of every contact with any (the embedded list holds no note's content). */
async function* readNotes(parent: RawRecord, ctx: ReadContext): AsyncGenerator<RawRecord[]> {
  if (completeItems(parent, 'notes')?.length === 0) return;
  const id = parentId(ctx, parent, 'notes');
  if (id === undefined) return;
  const notes = await childItems(parent, id, 'notes', 'notes', ctx);
  if (notes === null || notes.length === 0) return;
  yield notes.map((note) => ({ ...note, contact_id: id }));
}

/** contact_segments read per contact: `GET /contacts/{id}/segments`. */
export async function* readContactSegments(parent: RawRecord, ctx: ReadContext): AsyncGenerator<RawRecord[]> {
  const id = parentId(ctx, parent, 'contact_segments');
  if (id === undefined) return;
  const segments = await fetchAll(id, SUB.segments, 'contact_segments', ctx);
  if (segments === null || segments.length === 0) return;
  yield segments.map((segment) => ({ ...segment, contact_id: id }));
}

export const contactChildReaders: Readers = {
  contact_tags: { readChildren: linkReader('contact_tags', 'tags'), parentFields: ['id', 'tags'] },
  contact_companies: { readChildren: linkReader('contact_companies', 'companies'), parentFields: ['id', 'companies'] },
  contact_segments: { readChildren: readContactSegments, parentFields: ['id'] },
  notes: {
    readChildren: readNotes,
    parentFields: ['id', 'notes'],
    standaloneWhen: (config) => (config.note_ids?.length ?? 0) > 0,
    read: readNotesById,
  },
};

export const contactCompletion = { completeRecord: completeContact, completes: EMBEDDED_LISTS };

/**
 * `note_ids`: exactly those notes, `GET /notes/{id}` each (a few at a time, paced by the client), with
 * `contact_id` from the note's contact. A note that no longer exists is a warning, not a failure.
 */
function readNotesById(ctx: ReadContext): AsyncIterable<ReadEvent> {
  return readByIds(ctx, ctx.config.note_ids ?? [], async (id) => {
    const note = await getById(ctx, {
      stream: 'notes',
      path: `/notes/${encodeURIComponent(id)}`,
      gone: [404],
      onGone: () => ctx.warn('note_not_found', `note ${id} not found`, { note_id: id }),
    });
    if (note === null) return null;
    const contact = note['contact'] as { id?: unknown } | null | undefined;
    return { ...note, contact_id: contact?.id ?? null };
  });
}
