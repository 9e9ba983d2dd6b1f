import { lacksZone, parseDateOrDateTime } from '../common/dates';
import { StateError } from '../common/errors';
import { isPlainObject, parseJsonText, readInputFile } from '../common/input-file';
import type { JsonValue } from '../common/json';
import type { BookmarkValue, StreamMeta, TapState } from './types';

export function emptyState(): TapState {
  return { bookmarks: {}, currently_syncing: null };
}

/**
 * The replication keys a stream's bookmark may hold, the default first. Child streams without a key
 * of their own keep their bookmark under their parent's key.
 */
function bookmarkKeys(name: string, defs: readonly StreamMeta[]): string[] {
  const def = defs.find((d) => d.name === name);
  if (!def || def.replication.method !== 'INCREMENTAL') return [];
  if (def.replication.keys.length > 0) return [...def.replication.keys];
  return def.parent ? bookmarkKeys(def.parent, defs) : [];
}

function checkValue(value: JsonValue | undefined, where: string, issues: string[], key?: string): void {
  if (value === null || value === undefined || typeof value === 'number') return;
  if (key === 'id') {
    // An id bookmark (conversations, tickets by id) is a number; a string of digits is read as one.
    if (typeof value === 'string' && /^\d+$/.test(value)) return;
    issues.push(`${where}: must be an integer (an id)`);
    return;
  }
  if (typeof value === 'string' && parseDateOrDateTime(value) !== undefined) return;
  issues.push(`${where}: must be an RFC 3339 date-time or YYYY-MM-DD date`);
}

/** Date bookmarks written without a zone (read as UTC, like the same value in config). */
function zoneless(bookmarks: TapState['bookmarks']): string[] {
  return Object.entries(bookmarks).flatMap(([stream, bookmark]) =>
    Object.entries(bookmark).flatMap(([key, value]) => (typeof value === 'string' && lacksZone(value) ? [`bookmarks.${stream}.${key}`] : [])),
  );
}

/** How deep STATE messages and `singer_state` wrappers are unwrapped (junk from older runs nests them). */
const MAX_WRAPPERS = 8;

/**
 * The state inside the wrappers a state file may hold: a whole STATE message (`tail -n 1 out.jsonl`),
 * or `{"singer_state": ...}` as `meltano state get` prints it.
 */
function unwrap(root: Record<string, unknown>): Record<string, unknown> {
  let out = root;
  for (let i = 0; i < MAX_WRAPPERS; i++) {
    if (out.type === 'STATE' && isPlainObject(out.value)) out = out.value;
    else if (isPlainObject(out.singer_state) && out.bookmarks === undefined) out = out.singer_state;
    else break;
  }
  return out;
}

/**
 * Parses a state file. Accepted shapes:
 * - ours / singer-io: `{"bookmarks": {"contacts": {"updated_at": "2024-05-01T12:00:00.000000Z"}}}`;
 * - singer-io legacy: `{"bookmarks": {"contacts": "2019-01-01T00:00:00Z"}}` (the stream's default key);
 * - Meltano SDK: `{"bookmarks": {"contacts": {"replication_key": "updated_at", "replication_key_value": "..."}}}`;
 * - wrapped as `meltano state get` prints it: `{"singer_state": {...}}`, or a whole STATE message
 *   (`{"type": "STATE", "value": {...}}`);
 * - `{}` (no state yet).
 * Bookmarks may be dates (`2025-12-15`) and date-times without a zone (read as UTC, said in `notes`).
 * Unknown keys and streams are kept; an object of no shape above is an error. Throws one StateError
 * naming every bad key.
 */
export function parseState(text: string, file: string, defs: readonly StreamMeta[], notes: string[] = []): TapState {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new StateError(file, [parsed.issue]);
  if (!isPlainObject(parsed.value)) throw new StateError(file, ['must be a JSON object']);
  const raw = unwrap(parsed.value);
  if (Object.keys(raw).length > 0 && raw.bookmarks === undefined && raw.currently_syncing === undefined) {
    const keys = Object.keys(raw).slice(0, 3).map((k) => `"${k}"`).join(', ');
    throw new StateError(file, [
      `bookmarks: is missing (keys found: ${keys}); expected {"bookmarks": {...}}, a STATE message or {"singer_state": {...}}`,
    ]);
  }
  const issues: string[] = [];
  if (raw.bookmarks !== undefined && raw.bookmarks !== null && !isPlainObject(raw.bookmarks)) {
    throw new StateError(file, ['bookmarks: must be an object']);
  }
  const cs = raw.currently_syncing;
  if (cs !== undefined && cs !== null && typeof cs !== 'string') issues.push('currently_syncing: must be a string or null');

  const bookmarks: TapState['bookmarks'] = {};
  for (const [stream, value] of Object.entries((raw.bookmarks ?? {}) as Record<string, JsonValue>)) {
    const where = `bookmarks.${stream}`;
    const keys = bookmarkKeys(stream, defs);
    if (typeof value === 'string') {
      checkValue(value, where, issues);
      bookmarks[stream] = { [keys[0] ?? 'updated_at']: value };
      continue;
    }
    if (!isPlainObject(value)) {
      issues.push(`${where}: must be an object or a date-time`);
      continue;
    }
    const bookmark: Record<string, JsonValue> = { ...(value as Record<string, JsonValue>) };
    const sdkKey = bookmark.replication_key;
    if (typeof sdkKey === 'string' && bookmark.replication_key_value !== undefined && bookmark[sdkKey] === undefined) {
      bookmark[sdkKey] = bookmark.replication_key_value;
    }
    for (const key of keys) checkValue(bookmark[key], `${where}.${key}`, issues, key);
    bookmarks[stream] = bookmark;
  }
  if (issues.length > 0) throw new StateError(file, issues);
  const noZone = zoneless(bookmarks);
  if (noZone.length > 0) notes.push(`state ${file}: ${noZone.join(', ')} ${noZone.length === 1 ? 'has' : 'have'} no time zone: read as UTC`);
  return { ...(raw as Record<string, JsonValue>), bookmarks, currently_syncing: typeof cs === 'string' ? cs : null };
}

/**
 * Streams whose date bookmark (less the lookback) lies after the end of the run (`end_date`, or now):
 * they will read nothing. One warning text per stream.
 */
export function bookmarksAfterEnd(state: TapState, file: string, defs: readonly StreamMeta[], endMs: number, lookbackSeconds: number, endName: string): string[] {
  const out: string[] = [];
  for (const [stream, bookmark] of Object.entries(state.bookmarks)) {
    for (const key of bookmarkKeys(stream, defs)) {
      const value = bookmark[key];
      const ms = typeof value === 'string' ? parseDateOrDateTime(value) : undefined;
      if (ms === undefined || ms - lookbackSeconds * 1000 <= endMs) continue;
      out.push(`state ${file}: bookmarks.${stream}.${key} ${value as string} is after ${endName}: ${stream} will read nothing`);
      break;
    }
  }
  return out;
}

/** Reads and checks a state file (`--state`); what the log should say of it goes to `notes`. */
export function readStateFile(file: string, defs: readonly StreamMeta[], notes: string[] = []): TapState {
  const read = readInputFile(file);
  if (!read.ok) throw new StateError(file, [read.issue]);
  return parseState(read.text, file, defs, notes);
}

export function getBookmark(state: TapState, stream: string, key: string): BookmarkValue | undefined {
  const value = state.bookmarks[stream]?.[key];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** A new state with one bookmark set; other keys and streams are shared untouched. */
export function setBookmark(state: TapState, stream: string, key: string, value: BookmarkValue): TapState {
  return {
    ...state,
    bookmarks: { ...state.bookmarks, [stream]: { ...(state.bookmarks[stream] ?? {}), [key]: value } },
  };
}

/** Unix seconds of a bookmark (numbers are taken as they are; date-times floored to the second). */
export function toUnixSeconds(value: BookmarkValue): number {
  if (typeof value === 'number') return value;
  const ms = parseDateOrDateTime(value) ?? Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`not a date-time bookmark: ${JSON.stringify(value)}`);
  return Math.floor(ms / 1000);
}

/** singer-io's bookmark format: 2024-05-01T12:00:00.000000Z. */
export function formatBookmark(unix: number): string {
  return new Date(Math.floor(unix * 1000)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
