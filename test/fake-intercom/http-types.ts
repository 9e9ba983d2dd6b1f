/** Request context and reply shapes shared by the route handlers. */
import type { ApiVersion } from './version';
import type { World } from './world';

export interface Reply {
  status: number;
  /** Serialised with JSON.stringify unless `bytes` or `raw` is given. */
  json?: unknown;
  raw?: string;
  /** The body as UTF-8 bytes, written as they are (takes precedence over `raw` and `json`). */
  bytes?: Buffer;
  /** Called once `bytes` has been written to the socket (not if the response was dropped): its buffer may be reused. */
  release?: () => void;
  headers?: Record<string, string>;
}

export interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  version: ApiVersion;
  /** 'http://127.0.0.1:PORT' for absolute `next` URLs. */
  baseUrl: string;
  w: World;
  /** Wall clock (ms). */
  wallNow: () => number;
  /** The workspace's region as GET /me names it ('US', 'Europe', 'Australia'). */
  region: string;
}

/** An Intercom error answer: `{type:'error.list', request_id, errors:[{code, message}]}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function ok(json: unknown): Reply {
  return { status: 200, json };
}

/** per_page from a query or body value: default when absent, clamped to 1..150 (we clamp, never 400). */
export function perPage(raw: unknown, dflt: number): number {
  if (raw === undefined || raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ApiError(400, 'parameter_invalid', 'per_page must be an integer');
  return Math.min(150, Math.max(1, Math.floor(n)));
}

export function pageNumber(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1) throw new ApiError(400, 'parameter_invalid', 'page must be a positive integer');
  return Math.floor(n);
}

/** Opaque cursor: base64 of a JSON array, like Intercom's `WzE3...`. */
export function encodeCursor(parts: Array<number | string>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64');
}
export function decodeCursor(raw: unknown): Array<number | string> {
  if (typeof raw !== 'string' || raw === '') throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) return v as Array<number | string>;
  } catch {
    // fall through
  }
  throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
}

/** `pages` of a cursor list; `next` only when there is a next page. */
export function cursorPages(page: number, per: number, total: number, nextCursor: string | null): Record<string, unknown> {
  const pages: Record<string, unknown> = { type: 'pages', page, per_page: per, total_pages: Math.max(1, Math.ceil(total / per)) };
  if (nextCursor !== null) pages['next'] = { page: page + 1, per_page: per, starting_after: nextCursor };
  return pages;
}

/** Long-lived services the handlers share. */
export interface Services {
  search: import('./search-engine').SearchEngine;
  scroll: import('./scroll').ScrollManager;
  /** Contacts' JSON bytes per API version (contact search pages). */
  contactJson: import('./contact-cache').ContactJsonCache;
  /** Values computed once per data version (counts, sorted lists). */
  memo<T>(key: string, version: number, compute: () => T): T;
}

export type Handler = (ctx: Ctx, svc: Services) => Reply;

/** Body field access for JSON bodies. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'bad_request', 'Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * One page of a cursor-paged list over records 0..total-1 in record order (`per_page`, `starting_after`):
 * the items built for it and the `pages` object with the next cursor.
 */
export function cursorListPage<T>(ctx: Ctx, defaultPerPage: number, total: number, build: (index: number) => T): { items: T[]; pages: ReturnType<typeof cursorPages> } {
  const per = perPage(ctx.query.get('per_page'), defaultPerPage);
  let from = 0;
  let page = 1;
  const after = ctx.query.get('starting_after');
  if (after) {
    const [p, idx] = decodeCursor(after);
    if (typeof p !== 'number' || typeof idx !== 'number') throw new ApiError(400, 'parameter_invalid', 'starting_after is invalid');
    page = p;
    from = idx + 1;
  }
  const to = Math.min(total, from + per);
  const items: T[] = [];
  for (let i = from; i < to; i++) items.push(build(i));
  const next = to < total ? encodeCursor([page + 1, to - 1]) : null;
  return { items, pages: cursorPages(page, per, total, next) };
}
