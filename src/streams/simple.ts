import { createHash } from 'node:crypto';
import type { RawRecord } from '../common/json';
import { recordEvents, single, withFinalCheckpoint } from './paginate';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * Unpaginated list endpoints (admins, teams, tags, segments, data attributes, counts): one request,
 * the list under `list`. Incremental ones (segments) checkpoint once, at the end, with the largest
 * key value inside the bounds: the list is not sorted. The endpoints are written here only: the
 * registry's `endpoint` text (README, docs, errors) is made from them by `endpointOf`.
 */
export interface ListEndpoint {
  path: string;
  /** Where the records are in the answer. */
  list: string;
  query?: Record<string, string | boolean>;
  /** Per-record change, e.g. the record hash of data attributes. */
  map?: (record: RawRecord) => RawRecord;
}

export function readList(stream: string, endpoint: ListEndpoint): (ctx: ReadContext) => AsyncIterable<ReadEvent> {
  return function read(ctx: ReadContext): AsyncIterable<ReadEvent> {
    const pages = single(ctx, { stream, path: endpoint.path, list: endpoint.list, ...(endpoint.query ? { query: endpoint.query } : {}) });
    return withFinalCheckpoint(recordEvents(pages, endpoint.map), ctx.bounds);
  };
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
    list: 'data',
    query: { model, include_archived: true },
    map: (record) => ({ ...record, _sdc_record_hash: recordHash(record) }),
  };
}

const COUNTS_PATH = '/counts';

/** GET /counts (legacy): `{type:'count.hash', company:{count}, user:{count}, …}` becomes one record per counted thing. */
export async function* readCounts(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const res = await ctx.client.request<Record<string, unknown>>({ method: 'GET', path: COUNTS_PATH, stream: 'counts' });
  const records: RawRecord[] = [];
  for (const [type, value] of Object.entries(res.data)) {
    if (type === 'type' || !value || typeof value !== 'object') continue;
    records.push({ type, ...(value as Record<string, unknown>) });
  }
  if (records.length > 0) yield { kind: 'records', records };
}

const LIST_ENDPOINTS = {
  admins: { path: '/admins', list: 'admins' },
  teams: { path: '/teams', list: 'teams' },
  tags: { path: '/tags', list: 'data' },
  segments: { path: '/segments', list: 'segments', query: { include_count: true } },
  company_segments: { path: '/segments', list: 'segments', query: { type: 'company' } },
  company_attributes: dataAttributesEndpoint('company'),
  contact_attributes: dataAttributesEndpoint('contact'),
} as const satisfies Record<string, ListEndpoint>;

export type SimpleStream = keyof typeof LIST_ENDPOINTS | 'counts';

/** 'GET /segments?include_count=true': the endpoint of a simple stream, for the registry. */
export function endpointOf(stream: SimpleStream): string {
  if (stream === 'counts') return `GET ${COUNTS_PATH}`;
  const endpoint: ListEndpoint = LIST_ENDPOINTS[stream];
  const query = Object.entries(endpoint.query ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  return `GET ${endpoint.path}${query === '' ? '' : `?${query}`}`;
}

export const simpleReaders: Readers = {
  ...Object.fromEntries(Object.entries(LIST_ENDPOINTS).map(([stream, endpoint]) => [stream, { read: readList(stream, endpoint) }])),
  counts: { read: readCounts },
};
