import { Channel } from '../engine/channel';
import { Pool } from '../engine/pool';
import type { RawRecord } from '../common/json';
import { linkedPages, withFinalCheckpoint } from './paginate';
import { orOf, searchPages, type SearchEndpoint, type SearchFilter } from './search';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent, Readers } from '../engine/contract';

/**
 * events: `GET /events?type=user&intercom_user_id=<id>` for every contact of the roles in `event_types`,
 * following `pages.next` URLs as they are (docs/intercom-api.md §2.9, §4.6).
 *
 * Which contacts are asked: ALL contacts of the chosen roles, one request (or more) each. A cheaper rule
 * would ask only contacts changed since the bookmark (by `updated_at` or `last_seen_at`), but Intercom
 * documents no link between submitting an event and any contact timestamp, and an event's `created_at` is
 * set by the sender (it may be in the past). Any such rule could silently lose events, so we stay correct
 * and pay one request per contact. Only events of the last 90 days can be listed at all; the list is newest
 * first, so paging stops at the first page reaching below the bounds' start.
 *
 * The contacts come from `POST /contacts/search` filtered by role; their events are fetched in parallel
 * (bounded; the client's limiter paces the requests). The read is unsorted across contacts: one checkpoint
 * at the end, with the largest `created_at` yielded within the bounds.
 */
const STREAM = 'events';

/** Ids of the contacts of the given roles, page by page. */
async function* contactIds(ctx: ReadContext, roles: readonly string[]): AsyncGenerator<string[]> {
  const query = orOf(roles.map((role): SearchFilter => ({ field: 'role', operator: '=', value: role })));
  const endpoint: SearchEndpoint = { stream: STREAM, path: '/contacts/search', list: 'data', asRead: false };
  for await (const page of searchPages(ctx, endpoint, query)) yield page.records.map((c) => String(c['id']));
}

/** Events of one contact, newest first, down to the first page that reaches below `start`. */
async function* contactEvents(ctx: ReadContext, id: string, start: number): AsyncGenerator<RawRecord[]> {
  const req = { stream: STREAM, path: '/events', list: 'events', query: { type: 'user', intercom_user_id: id, per_page: ctx.pageSize }, acceptStatus: [404] };
  for await (const page of linkedPages(ctx, req)) {
    if (page.status === 404) return; // deleted or merged since it was listed
    const records = page.records.map((e) => (e['intercom_user_id'] ? e : { ...e, intercom_user_id: id }));
    if (records.length === 0) return;
    yield records;
    const oldest = Math.min(...records.map((r) => keyValue(r, 'created_at')).filter(Number.isFinite));
    if (!(oldest >= start)) return;
  }
}

function readEvents(ctx: ReadContext): AsyncIterable<ReadEvent> {
  return withFinalCheckpoint(allEvents(ctx), ctx.bounds);
}

async function* allEvents(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const roles = [...new Set(ctx.config.event_types)];
  if (roles.length === 0) return;
  const start = ctx.bounds?.start ?? 0;
  const limit = Math.max(1, ctx.config.max_concurrency);
  const pool = new Pool(limit);
  const channel = new Channel<RawRecord[]>(limit * 2);

  const produce = async (): Promise<void> => {
    const failures: unknown[] = [];
    for await (const ids of contactIds(ctx, roles)) {
      for (const id of ids) {
        if (channel.stopped || failures.length > 0) break;
        pool
          .run(async () => {
            for await (const page of contactEvents(ctx, id, start)) await channel.push(page);
          })
          .catch((err: unknown) => {
            failures.push(err);
            channel.fail(err);
          });
      }
      if (channel.stopped || failures.length > 0) break;
      await pool.waitForRoom(limit * 4);
    }
    await pool.idle();
    if (failures.length === 0) channel.close();
  };
  produce().catch((err: unknown) => channel.fail(err));

  for await (const records of channel) yield { kind: 'records', records };
}

export const eventReaders: Readers = {
  events: { read: readEvents },
};
