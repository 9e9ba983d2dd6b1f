/**
 * Intercom's rate headers, as pure arithmetic: X-RateLimit-Limit / -Remaining / -Reset read into an
 * observation, which observations are fresher, and how much budget may start. No timers, no I/O: the
 * limiter (limiter.ts) applies these, and retry.ts waits for a reset with the same margin.
 */

/** A wait for a server-given time (Retry-After) is clamped to this. */
export const MAX_RESET_WAIT_MS = 60_000;
/** Intercom's rate window; also the window assumed while a response carries no sane rate headers. */
export const WINDOW_MS = 10_000;
/**
 * Added to X-RateLimit-Reset before the budget refills or a 429 is re-sent, so the request lands in the new
 * window and not at its edge (clocks differ by a little): the one margin of the tap.
 */
export const RESET_MARGIN_MS = 250;
/** A reset further ahead than one window (plus the rounding to whole seconds and the margin) makes no sense… */
export const MAX_RESET_AHEAD_MS = WINDOW_MS + 1_000 + RESET_MARGIN_MS;
/** …and so does one more than a window in the past (clock skew is less than that). */
export const MAX_RESET_BEHIND_MS = WINDOW_MS;

/** What one response says about the budget. `windowId` is the raw reset value: it orders windows. */
export interface RateObservation {
  limit: number;
  remaining: number;
  windowId: number;
  /** End of the window in local ms, at least now. */
  resetMs: number;
}

function headerInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.floor(Number(value));
}

/**
 * X-RateLimit-Reset as local ms, or why it makes no sense. Intercom sends unix seconds; a small number
 * (< 10^9) is read as seconds from now, as some proxies send. A reset up to a window in the past is now.
 */
function readReset(raw: number, nowMs: number): { ms: number } | { why: string } {
  const absolute = raw < 1e9 ? nowMs + raw * 1000 : raw * 1000;
  if (absolute < nowMs - MAX_RESET_BEHIND_MS) return { why: `${Math.round((nowMs - absolute) / 1000)} s in the past` };
  if (absolute > nowMs + MAX_RESET_AHEAD_MS) {
    return { why: `${Math.round((absolute - nowMs) / 1000)} s ahead, more than a ${WINDOW_MS / 1000} s window` };
  }
  return { ms: Math.max(absolute, nowMs) };
}

/** X-RateLimit-Reset as local ms, when present and sane (see readRateHeaders). */
export function parseResetMs(value: string | undefined, nowMs: number): number | undefined {
  const raw = headerInt(value);
  if (raw === undefined) return undefined;
  const reset = readReset(raw, nowMs);
  return 'ms' in reset ? reset.ms : undefined;
}

/** A rate header whose value makes no sense: the response is paced as if it had no rate headers. */
export interface RateHeaderProblem {
  header: 'X-RateLimit-Limit' | 'X-RateLimit-Reset';
  value: string;
  why: string;
}

/**
 * What a response's rate headers say: nothing (missing or malformed), an observation, or a problem (a limit
 * of 0; a reset more than a window in the past, as a reset frozen at one value soon is, or further ahead
 * than a window).
 */
export type RateReading =
  | { kind: 'none' }
  | { kind: 'observation'; observation: RateObservation }
  | { kind: 'problem'; problem: RateHeaderProblem };

export function readRateHeaders(headers: Record<string, string>, nowMs: number): RateReading {
  const limit = headerInt(headers['x-ratelimit-limit']);
  const remaining = headerInt(headers['x-ratelimit-remaining']);
  const resetValue = headers['x-ratelimit-reset'];
  const windowId = headerInt(resetValue);
  if (limit === undefined || remaining === undefined || windowId === undefined) return { kind: 'none' };
  if (limit <= 0) {
    return { kind: 'problem', problem: { header: 'X-RateLimit-Limit', value: String(headers['x-ratelimit-limit']).trim(), why: 'no request could ever start' } };
  }
  const reset = readReset(windowId, nowMs);
  if ('why' in reset) return { kind: 'problem', problem: { header: 'X-RateLimit-Reset', value: String(resetValue).trim(), why: reset.why } };
  return { kind: 'observation', observation: { limit, remaining: Math.min(remaining, limit), windowId, resetMs: reset.ms } };
}

/**
 * Whether an observation is newer than the last one applied. Responses arrive out of order: within one
 * window Remaining only goes down, so a higher Remaining is an older answer and is ignored.
 */
export function isFresher(previous: RateObservation | undefined, next: RateObservation): boolean {
  if (previous === undefined) return true;
  if (next.windowId !== previous.windowId) return next.windowId > previous.windowId;
  return next.remaining <= previous.remaining;
}

/**
 * How many more requests may start now: the server's Remaining less the requests still in flight
 * (they may not have been counted yet; counting them twice errs on the safe side).
 */
export function allowedToStart(remaining: number, inFlight: number): number {
  return Math.max(0, remaining - Math.max(0, inFlight));
}

/** The budget at the start of a new window: its limit less the requests still in flight. */
export function refillAmount(limit: number, inFlight: number): number {
  return Math.max(0, limit - Math.max(0, inFlight));
}

/** Milliseconds until the window refills: until its reset plus a margin, never negative. */
export function refillDelayMs(resetMs: number, nowMs: number, marginMs: number): number {
  return Math.max(0, resetMs - nowMs) + Math.max(0, marginMs);
}
