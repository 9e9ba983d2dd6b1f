/**
 * Pure retry policy: what to do with the outcome of one attempt, and how long to wait before the next.
 * No timers and no I/O here; the client injects the clock and the random source.
 */
import { parseResetMs, MAX_RESET_WAIT_MS, RESET_MARGIN_MS } from './rate';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/** The outcome of one attempt, reduced to what decides a retry. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; bodyOk: boolean }
  | { kind: 'network'; code: string }
  | { kind: 'timeout' };

export type Verdict = 'ok' | 'retry' | 'fatal';

/** Connection-level errors that no retry can fix (bad certificates, bad URLs, redirect loops). */
const FATAL_NETWORK_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_INVALID_URL',
  'ERR_FR_TOO_MANY_REDIRECTS',
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
]);

/** Statuses that are worth another attempt: rate limit, request timeout, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * ok: return the response. retry: try again (if the budget allows). fatal: throw now.
 * A 2xx whose body is not OK (empty, not JSON, or its list not a list: `bodyOk` false) is retried like a
 * 5xx (Intercom sometimes sends one);
 * 204 is a legitimate empty answer. Statuses in acceptStatus are answers, whatever their body.
 */
export function classify(outcome: AttemptOutcome, acceptStatus: readonly number[] = []): Verdict {
  switch (outcome.kind) {
    case 'timeout':
      return 'retry';
    case 'network':
      return FATAL_NETWORK_CODES.has(outcome.code) ? 'fatal' : 'retry';
    case 'response': {
      const { status } = outcome;
      if (acceptStatus.includes(status)) return 'ok';
      if (status === 204) return 'ok';
      if (status >= 200 && status <= 299) return outcome.bodyOk ? 'ok' : 'retry';
      return isRetryableStatus(status) ? 'retry' : 'fatal';
    }
  }
}

/** Retry-After (seconds or an HTTP date) as an absolute time in ms, when present and valid. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return nowMs + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? date : undefined;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))). attempt counts from 1. */
export function backoffDelay(attempt: number, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export interface DelayInput {
  status?: number;
  headers?: Record<string, string>;
}

/**
 * Milliseconds to wait before retry number `attempt` (1 = first retry).
 * 429 waits until X-RateLimit-Reset (or Retry-After) plus a margin, clamped to MAX_RESET_WAIT_MS;
 * a server's Retry-After is honoured for other statuses too; everything else backs off with full jitter.
 */
export function retryDelay(attempt: number, input: DelayInput, nowMs: number, random: () => number): number {
  const headers = input.headers ?? {};
  const retryAfter = parseRetryAfterMs(headers['retry-after'], nowMs);
  if (input.status === 429) {
    const reset = parseResetMs(headers['x-ratelimit-reset'], nowMs) ?? retryAfter;
    if (reset !== undefined) return clampWait(reset - nowMs) + RESET_MARGIN_MS;
  } else if (retryAfter !== undefined) {
    return clampWait(retryAfter - nowMs);
  }
  return backoffDelay(attempt, random);
}

function clampWait(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RESET_WAIT_MS);
}

/**
 * Whether a retry after `delayMs` fits the retry budget (max_retry_seconds, counted from the request's
 * start): some of the budget must be left for the attempt once the wait is over.
 */
export function retryFits(elapsedMs: number, delayMs: number, budgetMs: number): boolean {
  return elapsedMs + delayMs < budgetMs;
}

/**
 * The timeout of one attempt: the configured one for the first; a retry's is cut so that it ends when the
 * retry budget does (`deadlineMs`), so a stuck retry never overshoots max_retry_seconds by a whole timeout.
 */
export function attemptTimeoutMs(timeoutMs: number, deadlineMs: number | undefined, nowMs: number): number {
  if (deadlineMs === undefined) return timeoutMs;
  return Math.max(1, Math.min(timeoutMs, Math.ceil(deadlineMs - nowMs)));
}
