import { createHash } from 'node:crypto';
import type { RawRecord } from '../common/json';
import { single, withFinalCheckpoint } from './paginate';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * Unpaginated list endpoints (admins, teams, tags, segments, data attributes, counts): one request,
 * the list under `listKey`. Incremental ones (segments) checkpoint once, at the end, with the largest
 * key value: the list is not sorted.
 */
export interface ListEndpoint {
  path: string;
  listKey: string;
  query?: Record<string, string | boolean>;
  /** Per-record change, e.g. the record hash of data attributes. */
  map?: (record: RawRecord) => RawRecord;
}

export function readList(stream: string, endpoint: ListEndpoint): (ctx: ReadContext) => AsyncIterable<ReadEvent> {
  return async function* read(ctx: ReadContext): AsyncGenerator<ReadEvent> {
    const pages = single(ctx, stream, endpoint.path, endpoint.listKey, endpoint.query);
    const mapped = endpoint.map ? mapPages(pages, endpoint.map) : pages;
    const bounds = ctx.bounds;
    yield* withFinalCheckpoint(mapped, bounds ? (r) => keyValue(r, bounds.key) : undefined);
  };
}

async function* mapPages(pages: AsyncIterable<RawRecord[]>, map: (r: RawRecord) => RawRecord): AsyncGenerator<RawRecord[]> {
  for await (const page of pages) yield page.map(map);
}

/**
 * The primary key of data attributes, as the Meltano Hub default variant (singer-io) computes it:
 * SHA-256 of id, name and description concatenated (missing ones as empty strings), so that users
 * switching from it keep their table keys.
 */
export function recordHash(record: RawRecord): string {
  const part = (k: string): string => {
    const v = record[k];
    return v === undefined || v === null ? (v === null ? 'None' : '') : String(v);
  };
  return createHash('sha256').update(`${part('id')}${part('name')}${part('description')}`, 'utf8').digest('hex');
}

export function dataAttributesEndpoint(model: 'contact' | 'company'): ListEndpoint {
  return {
    path: '/data_attributes',
    listKey: 'data',
    query: { model, include_archived: true },
    map: (record) => ({ ...record, _sdc_record_hash: recordHash(record) }),
  };
}

/** GET /counts (legacy): `{type:'count.hash', company:{count}, user:{count}, …}` becomes one record per counted thing. */
export async function* readCounts(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const res = await ctx.client.request<Record<string, unknown>>({ method: 'GET', path: '/counts', stream: 'counts' });
  const records: RawRecord[] = [];
  for (const [type, value] of Object.entries(res.data)) {
    if (type === 'type' || !value || typeof value !== 'object') continue;
    records.push({ type, ...(value as Record<string, unknown>) });
  }
  if (records.length > 0) yield { kind: 'records', records };
}

export const simpleReaders: Readers = {
  admins: { read: readList('admins', { path: '/admins', listKey: 'admins' }) },
  teams: { read: readList('teams', { path: '/teams', listKey: 'teams' }) },
  tags: { read: readList('tags', { path: '/tags', listKey: 'data' }) },
  segments: { read: readList('segments', { path: '/segments', listKey: 'segments', query: { include_count: true } }) },
  company_segments: { read: readList('company_segments', { path: '/segments', listKey: 'segments', query: { type: 'company' } }) },
  company_attributes: { read: readList('company_attributes', dataAttributesEndpoint('company')) },
  contact_attributes: { read: readList('contact_attributes', dataAttributesEndpoint('contact')) },
  counts: { read: readCounts },
};
