import { AbortedError, IntercomApiError } from '../common/errors';
import { parseResetMs } from '../http/rate';
import type { ApiResponse } from '../http/types';
import type { RawRecord } from '../common/json';
import { listOf } from './paginate';
import { keyValue } from '../engine/contract';
import type { ReadContext, ReadEvent } from '../engine/contract';

/**
 * GET /companies/scroll, the only way to read every company (the list endpoints hide companies without
 * contacts and stop at 10,000). Rules of the real API (docs/intercom-api.md §2.3 and §5), each of
 * which other extractors got wrong:
 * - One open scroll per app: a second gets 400 `scroll_exists`. Our own scrolls are serialised by a
 *   process-wide lock (two tap runs in one process, e.g. a host embedding the tap, must not fight for
 *   the workspace's single scroll); another app's scroll is waited out (it expires a minute after its
 *   last use), a bounded number of times.
 * - The same `scroll_param` comes back on every page: the end is ONLY a page with empty `data`.
 * - An idle scroll expires after a minute (404) and a 500 asks to "restart the scroll": a scroll cannot be
 *   resumed, so we restart from the beginning (bounded) and skip companies already yielded this run.
 *
 * Retries: a scroll page is never retried by the client (`maxRetries: 0`). Re-sending the same
 * `scroll_param` after an answer that was lost (connection reset, timeout, 502/503, empty body) would
 * silently skip a page, because the server may already have moved the scroll on. So every such failure
 * restarts the scroll. Only 429 is re-sent with the same param (after the rate window resets): a
 * rate-limited request is refused before the scroll moves.
 */
export const SCROLL_EXISTS_WAIT_MS = 65_000;
export const SCROLL_EXISTS_MAX_WAITS = 5;
export const SCROLL_MAX_RESTARTS = 3;
export const SCROLL_MAX_RATE_LIMITED = 5;
const STREAM = 'companies';
const PATH = '/companies/scroll';

type Body = Record<string, unknown>;

let lockTail: Promise<void> = Promise.resolve();

/** Waits for the process-wide scroll lock; returns its release. Gives up (releasing its turn) on abort. */
export async function acquireScrollLock(signal: AbortSignal): Promise<() => void> {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const previous = lockTail;
  lockTail = previous.then(() => mine);
  try {
    await untilAborted(previous, signal);
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

/** Resolves with `work`, or rejects with AbortedError as soon as `signal` aborts. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw new AbortedError();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** ctx.sleep when injected (tests record it), else a real timer; stops early on abort. */
export function wait(ctx: ReadContext, ms: number): Promise<void> {
  if (ctx.sleep) return untilAborted(ctx.sleep(ms), ctx.signal);
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return untilAborted(slept, ctx.signal).finally(() => clearTimeout(timer));
}

function errorOf(body: unknown): { code?: string; message?: string } {
  const errors = body && typeof body === 'object' ? (body as Body)['errors'] : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!first || typeof first !== 'object') return {};
  const { code, message } = first as Body;
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

function scrollError(ctx: ReadContext, message: string, status?: number, code?: string): IntercomApiError {
  const url = `${ctx.config.base_url.replace(/\/+$/, '')}${PATH}`;
  return new IntercomApiError(message, { method: 'GET', url, stream: STREAM, ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}) }, false);
}

/**
 * Every company, as pages of raw records, each company at most once per run (even across restarts).
 * Holds the scroll lock until the empty last page (or a failure, or the consumer stops).
 */
export async function* scrollCompanies(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const release = await acquireScrollLock(ctx.signal);
  try {
    yield* scrollLocked(ctx);
  } finally {
    release();
  }
}

async function* scrollLocked(ctx: ReadContext): AsyncGenerator<ReadEvent> {
  const bounds = ctx.bounds;
  /**
   * Ids yielded this run. Only companies the engine will emit (inside the bounds) are remembered: the
   * others are dropped by the engine anyway, and an incremental run over a large workspace stays small.
   */
  const yielded = new Set<string>();
  const wanted = (r: RawRecord): boolean => {
    if (!bounds) return true;
    const v = keyValue(r, bounds.key);
    return !(v < bounds.start || v > bounds.end);
  };
  let param: string | undefined;
  let restarts = 0;
  let existsWaits = 0;
  let rateLimited = 0;

  const restart = (why: string): void => {
    restarts += 1;
    if (restarts > SCROLL_MAX_RESTARTS) {
      throw scrollError(ctx, `GET ${PATH}: the companies scroll failed ${restarts} times (last: ${why}); a scroll cannot be resumed, gave up after ${SCROLL_MAX_RESTARTS} restarts`);
    }
    ctx.warn('companies_scroll_restarted', `companies scroll restarted from the beginning (${why}); companies already emitted are not emitted again`, { restart: restarts });
    param = undefined;
    rateLimited = 0;
  };

  for (;;) {
    if (ctx.signal.aborted) throw new AbortedError();
    let res: ApiResponse<Body>;
    try {
      res = await ctx.client.request<Body>({
        method: 'GET',
        path: PATH,
        stream: STREAM,
        list: 'data',
        ...(param !== undefined ? { query: { scroll_param: param } } : {}),
        maxRetries: 0,
        acceptStatus: [400, 404, 429, 500],
      });
    } catch (err) {
      // Lost or garbled answers (network, timeout, 502/503, empty body): the scroll may have moved on.
      if (err instanceof IntercomApiError && err.retryable) {
        restart(err.message);
        continue;
      }
      throw err;
    }
    const { code, message } = errorOf(res.data);
    switch (res.status) {
      case 400:
        if (code !== 'scroll_exists') throw scrollError(ctx, `GET ${PATH}: 400 ${code ?? 'bad_request'}: ${message ?? 'bad request'}`, 400, code);
        if (existsWaits >= SCROLL_EXISTS_MAX_WAITS) {
          throw scrollError(
            ctx,
            `GET ${PATH}: another app (or another tap run) is scrolling this workspace's companies: Intercom allows one scroll at a time; ` +
              `still busy after waiting ${existsWaits} times ${SCROLL_EXISTS_WAIT_MS / 1000} s. Run again when the other scroll is done`,
            400,
            code,
          );
        }
        existsWaits += 1;
        ctx.logger.warn(`companies: another scroll is open on this workspace (scroll_exists); waiting ${SCROLL_EXISTS_WAIT_MS / 1000} s for it to expire (${existsWaits} of ${SCROLL_EXISTS_MAX_WAITS})`, { stream: STREAM });
        await wait(ctx, SCROLL_EXISTS_WAIT_MS);
        param = undefined;
        continue;
      case 404:
        restart(`404 ${code ?? 'not_found'}: the scroll expired`);
        continue;
      case 500:
        restart(`500: ${message ?? 'server error'}`);
        continue;
      case 429: {
        rateLimited += 1;
        if (rateLimited > SCROLL_MAX_RATE_LIMITED) throw scrollError(ctx, `GET ${PATH}: rate limit still exceeded after ${SCROLL_MAX_RATE_LIMITED} waits`, 429, code);
        const now = Date.now();
        const reset = parseResetMs(res.headers['x-ratelimit-reset'], now);
        await wait(ctx, Math.max(1000, (reset ?? now + 2000) - now + 250));
        continue; // the same param: a refused request did not move the scroll
      }
      default:
        break;
    }
    rateLimited = 0;
    const data = listOf(res.data, 'data');
    // The documented end, and the only one: the param is the same on every page, so a repeat means nothing.
    if (data.length === 0) return;
    const next = res.data['scroll_param'];
    if (typeof next !== 'string' || next === '') throw scrollError(ctx, `GET ${PATH}: a page of companies came without a scroll_param; cannot continue the scroll`, res.status);
    param = next;
    const fresh: RawRecord[] = [];
    for (const record of data) {
      const id = String(record['id']);
      if (yielded.has(id)) continue;
      if (wanted(record)) yielded.add(id);
      fresh.push(record);
    }
    if (fresh.length > 0) yield { kind: 'records', records: fresh };
  }
}
