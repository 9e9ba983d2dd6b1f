/** POST /contacts/search, /conversations/search, /tickets/search. */
import { CONTACT_CUSTOM_ATTRS } from './attributes';
import { contactSearchRecord } from './contacts';
import { buildConversation, buildTicket, conversationSearchRecord } from './conversations';
import { ApiError, bodyObject, cursorPages, decodeCursor, encodeCursor, perPage, type Ctx, type Reply, type Services } from './http-types';
import { numId } from './ids';
import { SearchQueryError, type SearchModel } from './search';
import { positionAfter, type SortSpec } from './search-engine';
import type { Table } from './table';
import type { World } from './world';

const CUSTOM_TYPES = Object.fromEntries(CONTACT_CUSTOM_ATTRS.map((a) => [a.name, a.type]));

function parseSort(ctx: Ctx, raw: unknown): SortSpec | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(400, 'parameter_invalid', 'sort must be an object');
  const s = raw as Record<string, unknown>;
  const order = s['order'] ?? 'descending';
  if (order !== 'ascending' && order !== 'descending') {
    if (ctx.version === '2.16') throw new ApiError(400, 'invalid_sort_order', `Invalid sort order: ${String(order)}. Allowed values are ascending, descending`);
  }
  const field = s['field'];
  if (field !== 'updated_at' && field !== 'created_at') {
    throw new ApiError(400, 'parameter_invalid', `sort field ${JSON.stringify(field)} is not supported (the fake sorts by updated_at or created_at)`);
  }
  return { field, desc: order !== 'ascending' };
}

interface Paged { ids: Uint32Array; page: number; per: number; total: number; next: string | null }

function runSearch(ctx: Ctx, svc: Services, model: SearchModel, table: Table, dflt: number, full: (i: number) => Record<string, unknown>, idOf: (i: number) => string): Paged {
  const body = bodyObject(ctx.body);
  if (!('query' in body)) throw new ApiError(400, 'parameter_not_found', 'query parameter is required');
  const pagination = body['pagination'] === undefined || body['pagination'] === null ? {} : bodyObject(body['pagination']);
  const per = perPage(pagination['per_page'], dflt);
  const sort = model === 'contact' ? parseSort(ctx, body['sort']) : null;
  const w = ctx.w;
  let list: Uint32Array;
  try {
    list = svc.search.matches({
      model, query: body['query'], sort, table, fullRecord: full,
      cheapRecord: (i) => ({ id: idOf(i), created_at: table.created[i], updated_at: table.updated[i] }),
      ...(model === 'contact' ? { options: { customAttributeTypes: CUSTOM_TYPES } } : {}),
    });
  } catch (e) {
    if (e instanceof SearchQueryError) throw new ApiError(400, e.code, e.message);
    throw e;
  }
  void w;
  const values = sort === null ? null : sort.field === 'updated_at' ? table.updated : table.created;
  let pos = 0;
  let page = 1;
  const after = pagination['starting_after'];
  if (after !== undefined && after !== null && after !== '') {
    const c = decodeCursor(after);
    const [p, v, idx] = c;
    if (typeof p !== 'number' || typeof v !== 'number' || typeof idx !== 'number') throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
    page = p;
    pos = positionAfter(list, values, sort?.desc ?? false, v, idx);
  }
  const end = Math.min(list.length, pos + per);
  const ids = list.subarray(pos, end);
  let next: string | null = null;
  if (end < list.length && ids.length > 0) {
    const last = ids[ids.length - 1] as number;
    next = encodeCursor([page + 1, values ? (values[last] as number) : 0, last]);
  }
  return { ids, page, per, total: list.length, next };
}

export function searchContacts(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const r = runSearch(ctx, svc, 'contact', w.tables.contacts, 50, (i) => contactSearchRecord(w, i, ctx.version), (i) => w.ids.hex('contact', i));
  // Copied from the contacts' cached JSON bytes (contactJson, JSON.stringify(buildContact()) byte for byte):
  // the fake must cost little CPU next to the tap it serves.
  const pages = JSON.stringify(cursorPages(r.page, r.per, r.total, r.next));
  const { bytes, release } = svc.contactJson.joined(r.ids, ctx.version, '{"type":"list","data":[', `],"total_count":${r.total},"pages":${pages}}`);
  return { status: 200, bytes, release };
}

export function searchConversations(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const r = runSearch(ctx, svc, 'conversation', w.tables.conversations, 20, (i) => conversationSearchRecord(w, i, ctx.version), (i) => numId('conversation', i));
  return listReply('conversation.list', 'conversations', r, (i) => buildConversation(w, i, ctx.version));
}

export function searchTickets(ctx: Ctx, svc: Services): Reply {
  const w: World = ctx.w;
  const r = runSearch(ctx, svc, 'ticket', w.tables.tickets, 20, (i) => buildTicket(w, i, ctx.version, true), (i) => numId('ticket', i));
  return listReply('ticket.list', 'tickets', r, (i) => buildTicket(w, i, ctx.version));
}

function listReply(type: string, key: string, r: Paged, build: (i: number) => Record<string, unknown>): Reply {
  const items: Record<string, unknown>[] = [];
  for (const i of r.ids) items.push(build(i));
  return { status: 200, json: { type, [key]: items, total_count: r.total, pages: cursorPages(r.page, r.per, r.total, r.next) } };
}
