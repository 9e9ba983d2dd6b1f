/**
 * Unix time (seconds, or milliseconds for values > 1e11) to RFC 3339 UTC text, fast.
 * `2024-05-01T12:00:00Z`; milliseconds are kept when not zero (`…:00.250Z`).
 */

const MS_THRESHOLD = 1e11; // 1e11 seconds is the year 5138; 1e11 ms is 1973-03-03.
const DAY_MS = 86_400_000;
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const TWO = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();

/** Milliseconds since the epoch of a unix time Intercom sent (seconds, or ms when > 1e11). */
export function unixToMs(value: number): number {
  return Math.abs(value) > MS_THRESHOLD ? Math.round(value) : Math.round(value * 1000);
}

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 20_000) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** RFC 3339 UTC text of epoch milliseconds. */
export function msToRfc3339(ms: number): string {
  if (!(ms >= 0 && ms <= MAX_MS)) return new Date(ms).toISOString().replace('.000Z', 'Z');
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const s = rest % 60;
  rest = (rest - s) / 60;
  const m = rest % 60;
  const h = (rest - m) / 60;
  const time = `${TWO[h] as string}:${TWO[m] as string}:${TWO[s] as string}`;
  return millis === 0 ? `${dayPrefix(day)}${time}Z` : `${dayPrefix(day)}${time}.${THREE[millis] as string}Z`;
}

/** RFC 3339 UTC text of a unix time as Intercom sends it (seconds, or ms when > 1e11). */
export function unixToRfc3339(value: number): string {
  return msToRfc3339(unixToMs(value));
}
