/** Strict parsing of the date texts the tap accepts in config and state. */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validCalendar(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/**
 * Milliseconds since the epoch of an RFC 3339 date-time, or undefined. A date-time without a zone
 * (`2024-01-01T00:00:00`, as some UIs write) is read as UTC, as singer-python does; `lacksZone` tells
 * the caller, who says so in the log.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (!validCalendar(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined;
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), fraction);
  return utc - offsetMinutes * 60_000;
}

/** Milliseconds since the epoch of an RFC 3339 date-time or a YYYY-MM-DD date (midnight UTC), or undefined. */
export function parseDateOrDateTime(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validCalendar(year, month, day) ? Date.UTC(year, month - 1, day) : undefined;
  }
  return parseDateTime(text);
}

/** RFC 3339 UTC with second precision, plus milliseconds when not zero: 2024-05-01T12:00:00Z. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Whether a text is a date-time without a time zone (read as UTC by parseDateTime). */
export function lacksZone(text: string): boolean {
  const m = DATE_TIME.exec(text);
  return m !== null && m[8] === undefined;
}
