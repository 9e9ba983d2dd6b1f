/**
 * Intercom's rate headers, as pure arithmetic: X-RateLimit-Limit / -Remaining / -Reset read into an
 * observation, which observations are fresher, and how much budget may start. No timers, no I/O: the
 * limiter (limiter.ts) applies these, and retry.ts waits for a reset with the same margin.
 */

/** A reset further away than this is absurd for Intercom's 10-second windows: it is clamped. */
export const MAX_RESET_WAIT_MS = 60_000;
/** The window assumed when a response carries no rate headers. */
export const FALLBACK_WINDOW_MS = 10_000;
/**
 * Added to X-RateLimit-Reset before the budget refills or a 429 is re-sent, so the request lands in the new
 * window and not at its edge (clocks differ by a little): the one margin of the tap.
 */
export const RESET_MARGIN_MS = 250;

/** What one response says about the budget. `windowId` is the raw reset value: it orders windows. */
export interface RateObservation {
  limit: number;
  remaining: number;
  windowId: number;
  /** End of the window in local ms, clamped to [now, now + MAX_RESET_WAIT_MS]. */
  resetMs: number;
}

function headerInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.floor(Number(value));
}

/**
 * X-RateLimit-Reset as local ms. Intercom sends unix seconds; a small number (< 10^9) is read as seconds
 * from now, as some proxies send. Past values become now; far-future ones are clamped.
 */
export function parseResetMs(value: string | undefined, nowMs: number): number | undefined {
  const raw = headerInt(value);
  if (raw === undefined) return undefined;
  const absolute = raw < 1e9 ? nowMs + raw * 1000 : raw * 1000;
  return Math.min(Math.max(absolute, nowMs), nowMs + MAX_RESET_WAIT_MS);
}

/** The three rate headers of a response, or undefined when any is missing or malformed. */
export function parseRateHeaders(headers: Record<string, string>, nowMs: number): RateObservation | undefined {
  const limit = headerInt(headers['x-ratelimit-limit']);
  const remaining = headerInt(headers['x-ratelimit-remaining']);
  const windowId = headerInt(headers['x-ratelimit-reset']);
  const resetMs = parseResetMs(headers['x-ratelimit-reset'], nowMs);
  if (limit === undefined || remaining === undefined || windowId === undefined || resetMs === undefined) {
    return undefined;
  }
  return { limit, remaining: Math.min(remaining, limit), windowId, resetMs };
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
