/** Tiny fetch helpers for the fake's own tests. */
import type { FakeIntercom } from './index';

export interface Res {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

export async function call(fake: FakeIntercom, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res> {
  const url = path.startsWith('http') ? path : `${fake.url}${path}`;
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json', ...extra },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const get = (fake: FakeIntercom, path: string, extra: Record<string, string> = {}): Promise<Res> => call(fake, 'GET', path, undefined, extra);
export const post = (fake: FakeIntercom, path: string, body: unknown, extra: Record<string, string> = {}): Promise<Res> => call(fake, 'POST', path, body, extra);

export type Item = Record<string, unknown> & { id: string };

/** Walks a cursor search to the end; returns the items in order. */
export async function walkSearch(fake: FakeIntercom, path: string, key: string, query: unknown, perPage: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10000; guard++) {
    const r = await post(fake, path, { query, pagination: { per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) }, ...extra }, headers);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
    out.push(...(r.json[key] as Item[]));
    cursor = (r.json['pages'] as { next?: { starting_after: string } }).next?.starting_after;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

/** Walks a GET cursor list (`starting_after` query parameter). */
export async function walkList(fake: FakeIntercom, path: string, key: string, perPage: number): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await get(fake, `${path}${sep}per_page=${perPage}${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
    out.push(...(r.json[key] as Item[]));
    cursor = (r.json['pages'] as { next?: { starting_after: string } }).next?.starting_after;
    if (!cursor) return out;
  }
  throw new Error('too many pages');
}

export const sortedIds = (items: Array<{ id: string }>): string[] => items.map((x) => x.id).sort();
