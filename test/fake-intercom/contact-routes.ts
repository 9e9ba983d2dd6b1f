/** GET /contacts, /contacts/{id} and its sub-resources, /notes/{id}. */
import { buildCompany } from './companies';
import { buildContact, buildNote } from './contacts';
import { ApiError, cursorListPage, pageNumber, perPage, type Ctx, type Reply } from './http-types';
import { parseNoteId } from './ids';
import { buildAdmin, buildSegment, buildTag } from './small-sets';

export function contactIndex(ctx: Ctx): number {
  const i = ctx.w.ids.parseHex('contact', ctx.params['id'] ?? '');
  if (i < 0 || i >= ctx.w.tables.contacts.count) throw new ApiError(404, 'not_found', 'User Not Found');
  return i;
}

/** GET /contacts: cursor paging in record order (neither created nor updated order). */
export function listContacts(ctx: Ctx): Reply {
  const total = ctx.w.tables.contacts.count;
  const { items, pages } = cursorListPage(ctx, 50, total, (i) => buildContact(ctx.w, i, ctx.version));
  return { status: 200, json: { type: 'list', data: items, total_count: total, pages } };
}

export function getContact(ctx: Ctx): Reply {
  return { status: 200, json: buildContact(ctx.w, contactIndex(ctx), ctx.version) };
}

export function contactTags(ctx: Ctx): Reply {
  const i = contactIndex(ctx);
  return { status: 200, json: { type: 'list', data: ctx.w.contactTags(i).map(buildTag) } };
}

export function contactSegments(ctx: Ctx): Reply {
  const i = contactIndex(ctx);
  return { status: 200, json: { type: 'list', data: ctx.w.contactSegments(i).map((s) => buildSegment(ctx.w, s, false, null)) } };
}

function pageSlice<T>(ctx: Ctx, all: T[], dflt: number): { items: T[]; pages: Record<string, unknown> } {
  const per = perPage(ctx.query.get('per_page'), dflt);
  const page = pageNumber(ctx.query.get('page'));
  const totalPages = Math.max(1, Math.ceil(all.length / per));
  return {
    items: all.slice((page - 1) * per, page * per),
    pages: { type: 'pages', next: null, page, per_page: per, total_pages: totalPages },
  };
}

export function contactCompanies(ctx: Ctx): Reply {
  const i = contactIndex(ctx);
  const { items, pages } = pageSlice(ctx, ctx.w.contactCompanies(i), 50);
  return { status: 200, json: { type: 'list', data: items.map((c) => buildCompany(ctx.w, c, ctx.version)), pages, total_count: ctx.w.contactCompanies(i).length } };
}

export function contactNotes(ctx: Ctx): Reply {
  const i = contactIndex(ctx);
  const n = ctx.w.contactNoteCount(i);
  const all = Array.from({ length: n }, (_, j) => j).reverse(); // newest first
  const { items, pages } = pageSlice(ctx, all, 50);
  const admin = (k: number): Record<string, unknown> => buildAdmin(ctx.w, k, ctx.version);
  return { status: 200, json: { type: 'list', data: items.map((j) => buildNote(ctx.w, i, j, ctx.version, admin)), total_count: n, pages } };
}

export function getNote(ctx: Ctx): Reply {
  const ref = parseNoteId(ctx.params['id'] ?? '');
  const w = ctx.w;
  if (!ref || ref.contact >= w.tables.contacts.count || ref.j >= w.contactNoteCount(ref.contact)) {
    throw new ApiError(404, 'not_found', 'Resource Not Found');
  }
  return { status: 200, json: buildNote(w, ref.contact, ref.j, ctx.version, (k) => buildAdmin(w, k, ctx.version)) };
}
