/** Companies: scroll, list (by last_request_at, only with contacts, 10,000 cap), get, segments, contacts. */
import { buildCompany, companyLastRequest } from './companies';
import { buildContact } from './contacts';
import { ApiError, cursorPages, decodeCursor, encodeCursor, pageNumber, perPage, type Ctx, type Reply, type Services } from './http-types';
import { buildSegment } from './small-sets';

export const COMPANY_LIST_CAP = 10000;

function companyIndex(ctx: Ctx): number {
  const i = ctx.w.ids.parseHex('company', ctx.params['id'] ?? '');
  if (i < 0 || i >= ctx.w.tables.companies.count) throw new ApiError(404, 'company_not_found', 'Company Not Found');
  return i;
}

export function scrollCompanies(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const { param, from, to } = svc.scroll.page(ctx.query.get('scroll_param'), w.tables.companies.count);
  const data: Record<string, unknown>[] = [];
  for (let c = from; c < to; c++) data.push(buildCompany(w, c, ctx.version));
  return { status: 200, json: { type: 'list', data, pages: ctx.version === '2.16' ? null : { type: 'pages' }, total_count: null, scroll_param: param } };
  // 2.16's example has `pages: null`; 2.11's schema requires an object.
}

/** POST /companies/list: our choice past 10,000 is 400 bad_request pointing at the Scroll API. */
export function listCompanies(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const t = w.tables.companies;
  const per = perPage(ctx.query.get('per_page'), 15);
  const page = pageNumber(ctx.query.get('page'));
  const order = ctx.query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new ApiError(400, 'parameter_invalid', 'order must be asc or desc');
  if ((page - 1) * per >= COMPANY_LIST_CAP) {
    throw new ApiError(400, 'bad_request', 'You can only page through the first 10,000 companies. Use the Scroll API for more.');
  }
  const sorted = svc.memo('companies-by-last-request', t.version, () => {
    const withContacts: number[] = [];
    for (let c = 0; c < t.count; c++) if (w.companyContacts(c).length > 0) withContacts.push(c);
    const keys = withContacts.map((c) => [companyLastRequest(w, c), c] as const);
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return keys.map((k) => k[1]);
  });
  const visible = Math.min(sorted.length, COMPANY_LIST_CAP);
  const ordered = order === 'asc' ? sorted : [...sorted].reverse();
  const slice = ordered.slice((page - 1) * per, Math.min(page * per, visible));
  const totalPages = Math.max(1, Math.ceil(visible / per));
  const pages: Record<string, unknown> = { type: 'pages', page, per_page: per, total_pages: totalPages };
  if (page < totalPages) pages['next'] = { page: page + 1, per_page: per };
  return { status: 200, json: { type: 'list', data: slice.map((c) => buildCompany(w, c, ctx.version)), pages, total_count: sorted.length } };
}

export function getCompany(ctx: Ctx): Reply {
  return { status: 200, json: buildCompany(ctx.w, companyIndex(ctx), ctx.version) };
}

export function companySegments(ctx: Ctx): Reply {
  const c = companyIndex(ctx);
  return { status: 200, json: { type: 'list', data: ctx.w.companySegments(c).map((s) => buildSegment(ctx.w, s, true, null)) } };
}

/** GET /companies/{id}/contacts: cursor paged (per_page default 50). */
export function companyContacts(ctx: Ctx): Reply {
  const c = companyIndex(ctx);
  const all = ctx.w.companyContacts(c);
  const per = perPage(ctx.query.get('per_page'), 50);
  let from = 0;
  let page = 1;
  const after = ctx.query.get('starting_after');
  if (after) {
    const [p, pos] = decodeCursor(after);
    if (typeof p !== 'number' || typeof pos !== 'number') throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
    page = p;
    from = pos;
  } else if (ctx.query.get('page')) {
    page = pageNumber(ctx.query.get('page'));
    from = (page - 1) * per;
  }
  const to = Math.min(all.length, from + per);
  const data: Record<string, unknown>[] = [];
  for (let k = from; k < to; k++) data.push(buildContact(ctx.w, all[k] as number, ctx.version));
  const next = to < all.length ? encodeCursor([page + 1, to]) : null;
  return { status: 200, json: { type: 'list', data, total_count: all.length, pages: cursorPages(page, per, all.length, next) } };
}
