import { Pool } from '../engine/pool';
import type { RawRecord } from '../common/json';
import { listOf } from './paginate';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * Children of contacts: `GET /contacts/{id}/tags|companies|segments|notes`, one record per item with
 * `contact_id`. A contact embeds at most 10 tags, companies and notes, so the children always come from
 * the sub-endpoints, following their pagination. The embedded list's `total_count` is trusted only to
 * skip the request when it says 0 (one request saved per contact and child on big syncs); segments have
 * no embedded list and are always requested.
 */
type Body = Record<string, unknown>;
type Embedded = 'tags' | 'companies' | 'notes';

/** `total_count` of the list the contact embeds, when it has one. */
export function embeddedTotal(contact: RawRecord, what: Embedded): number | undefined {
  const list = contact[what];
  if (!list || typeof list !== 'object' || Array.isArray(list)) return undefined;
  const total = (list as Body)['total_count'];
  return typeof total === 'number' ? total : undefined;
}

function contactId(parent: RawRecord): string {
  return String(parent['id']);
}

/** The items of a response: `data`, or the spec's `companies` key for attached companies (§4.10). */
function items(body: Body, alternative?: string): RawRecord[] {
  const data = listOf(body, 'data');
  return data.length > 0 || alternative === undefined ? data : listOf(body, alternative);
}

function totalPages(body: Body, page: number): number {
  const pages = body['pages'];
  if (!pages || typeof pages !== 'object') return page;
  const total = (pages as Body)['total_pages'];
  return typeof total === 'number' ? total : page;
}

interface ChildSpec {
  stream: string;
  what: 'tags' | 'companies' | 'segments' | 'notes';
  paged: boolean;
  embedded?: Embedded;
  alternativeKey?: string;
}

function childReader(spec: ChildSpec): (parent: RawRecord, ctx: ReadContext) => AsyncIterable<RawRecord[]> {
  return async function* readChildren(parent, ctx) {
    if (spec.embedded !== undefined && embeddedTotal(parent, spec.embedded) === 0) return;
    const id = contactId(parent);
    const path = `/contacts/${encodeURIComponent(id)}/${spec.what}`;
    for (let page = 1; ; page += 1) {
      const res = await ctx.client.request<Body>({
        method: 'GET',
        path,
        stream: spec.stream,
        acceptStatus: [404, 410],
        ...(spec.paged ? { query: { page, per_page: ctx.pageSize } } : {}),
      });
      if (res.status !== 200) {
        // Deleted or merged since the search: its children went with it.
        ctx.warn('contact_gone', `${spec.stream}: contact ${id} is gone (HTTP ${res.status}); its ${spec.what} are skipped`, { contact_id: id });
        return;
      }
      const records = items(res.data, spec.alternativeKey).map((r) => ({ ...r, contact_id: id }));
      if (records.length > 0) yield records;
      if (!spec.paged || records.length === 0 || page >= totalPages(res.data, page)) return;
    }
  };
}

export const contactChildReaders: Readers = {
  contact_tags: { readChildren: childReader({ stream: 'contact_tags', what: 'tags', paged: false, embedded: 'tags' }), parentFields: ['id', 'tags'] },
  contact_companies: {
    readChildren: childReader({ stream: 'contact_companies', what: 'companies', paged: true, embedded: 'companies', alternativeKey: 'companies' }),
    parentFields: ['id', 'companies'],
  },
  contact_segments: { readChildren: childReader({ stream: 'contact_segments', what: 'segments', paged: false }), parentFields: ['id'] },
  notes: {
    readChildren: childReader({ stream: 'notes', what: 'notes', paged: true, embedded: 'notes' }),
    parentFields: ['id', 'notes'],
    standaloneWhen: (config) => (config.note_ids?.length ?? 0) > 0,
    read: readNotesById,
  },
};

/**
 * `note_ids`: exactly those notes, `GET /notes/{id}` each (in parallel, paced by the client), with
 * `contact_id` from the note's contact. A note that no longer exists is a warning, not a failure.
 */
async function* readNotesById(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const ids = ctx.config.note_ids ?? [];
  const pool = new Pool(Math.max(1, ctx.parallelism));
  const got = await Promise.all(
    ids.map((id) =>
      pool.run(async (): Promise<RawRecord | null> => {
        const res = await ctx.client.request<RawRecord>({ method: 'GET', path: `/notes/${encodeURIComponent(id)}`, stream: 'notes', acceptStatus: [404] });
        if (res.status === 404) {
          ctx.warn('note_not_found', `note ${id} not found`, { note_id: id });
          return null;
        }
        const contact = res.data['contact'] as { id?: unknown } | null | undefined;
        return { ...res.data, contact_id: contact?.id ?? null };
      }),
    ),
  );
  const records = got.filter((r): r is RawRecord => r !== null);
  if (records.length > 0) yield { kind: 'records', records };
}
