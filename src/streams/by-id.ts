import type { RawRecord } from '../common/json';
import type { ReadContext, ReadEvent } from '../engine/contract';
import { idOf } from './paginate';

/**
 * Records read one by one by id: the `contact_ids`, `conversation_ids` and `note_ids` options, and the
 * parent id every child read starts from. One rule each, here.
 */

/**
 * Reads `ids` (trimmed, each once, in the order given) a few at a time (`ctx.parallelism`; the client
 * paces the requests). `fetch` returns null for one that is gone, after its own warning. No checkpoint:
 * a bookmark made from a few chosen records would claim the whole stream is read up to it.
 */
export async function* readByIds(ctx: ReadContext, ids: readonly string[], fetch: (id: string) => Promise<RawRecord | null>): AsyncGenerator<ReadEvent> {
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  const batch = Math.max(1, ctx.parallelism);
  for (let i = 0; i < unique.length; i += batch) {
    if (ctx.signal.aborted) return;
    const got = await Promise.all(unique.slice(i, i + batch).map(fetch));
    const records = got.filter((r): r is RawRecord => r !== null);
    // Asked for by id: emitted whatever their replication key (no bounds filter).
    if (records.length > 0) yield { kind: 'records', records, exact: true };
  }
}

/**
 * `GET path` for one record. A status in `gone` (404 deleted, 410 merged) is a normal answer: `onGone`
 * warns, and the result is null.
 */
export async function getById(
  ctx: ReadContext,
  req: { stream: string; path: string; gone: readonly number[]; onGone: (status: number) => void },
): Promise<RawRecord | null> {
  const res = await ctx.client.request<RawRecord>({ method: 'GET', path: req.path, stream: req.stream, acceptStatus: req.gone });
  if (res.status >= 200 && res.status <= 299) return res.data;
  req.onGone(res.status);
  return null;
}

const skippedParents = new WeakMap<ReadContext, Map<string, number>>();

/**
 * The id of the parent a child read starts from, or undefined for a parent without one: its children
 * are not read (no `GET /conversations/undefined`); the skip is counted per child stream and warned at
 * the 1st, 10th, 100th… such parent.
 */
export function parentId(ctx: ReadContext, parent: RawRecord, stream: string): string | undefined {
  const id = idOf(parent);
  if (id !== undefined) return id;
  const counts = skippedParents.get(ctx) ?? new Map<string, number>();
  skippedParents.set(ctx, counts);
  const n = (counts.get(stream) ?? 0) + 1;
  counts.set(stream, n);
  if (/^10*$/.test(String(n))) {
    ctx.warn('parent_without_id', `${stream}: ${n} parent record(s) without an id so far; their ${stream} cannot be read and are skipped`, { stream, skipped: n });
  }
  return undefined;
}
