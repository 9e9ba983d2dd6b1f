import { StateError } from '../../src/common/errors';
import { bookmarksAfterEnd, formatBookmark, getBookmark, parseState, setBookmark, toUnixSeconds } from '../../src/singer/state';
import { STREAMS } from '../../src/streams/registry';

function fails(text: string): string {
  try {
    parseState(text, 's.json', STREAMS);
  } catch (err) {
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected StateError');
}

describe('parseState', () => {
  it('reads our shape and keeps unknown keys', () => {
    const s = parseState(
      JSON.stringify({ bookmarks: { contacts: { updated_at: '2024-05-01T12:00:00.000000Z', extra: 1 } }, currently_syncing: 'contacts', other: true }),
      's.json',
      STREAMS,
    );
    expect(s).toEqual({
      bookmarks: { contacts: { updated_at: '2024-05-01T12:00:00.000000Z', extra: 1 } },
      currently_syncing: 'contacts',
      other: true,
    });
  });

  it('reads an empty object as an empty state', () => {
    expect(parseState('{}', 's.json', STREAMS)).toEqual({ bookmarks: {}, currently_syncing: null });
  });

  it('reads the legacy bare-string bookmark as the default replication key', () => {
    const s = parseState('{"bookmarks": {"contacts": "2019-01-01T00:00:00Z", "conversations": "2019-02-01T00:00:00Z", "notes": "2019-03-01T00:00:00Z"}}', 's', STREAMS);
    expect(s.bookmarks).toEqual({
      contacts: { updated_at: '2019-01-01T00:00:00Z' },
      conversations: { updated_at: '2019-02-01T00:00:00Z' },
      // a key-less child follows its parent's key
      notes: { updated_at: '2019-03-01T00:00:00Z' },
    });
  });

  it("reads the Meltano SDK's replication_key_value shape and the singer_state wrapper", () => {
    const inner = { bookmarks: { companies: { replication_key: 'updated_at', replication_key_value: '2020-01-01T00:00:00Z' } } };
    const s = parseState(JSON.stringify({ singer_state: inner }), 's', STREAMS);
    expect(getBookmark(s, 'companies', 'updated_at')).toBe('2020-01-01T00:00:00Z');
  });

  it('names the file and key of every problem', () => {
    expect(fails('{oops')).toMatch(/^state s\.json: not valid JSON/);
    expect(fails('[]')).toBe('state s.json: must be a JSON object');
    expect(fails('{"bookmarks": []}')).toBe('state s.json: bookmarks: must be an object');
    expect(fails('{"bookmarks": {"contacts": {"updated_at": "yesterday"}, "companies": "2020-13-01T00:00:00Z"}}')).toBe(
      'state s.json: bookmarks.contacts.updated_at: must be an RFC 3339 date-time or YYYY-MM-DD date; bookmarks.companies: must be an RFC 3339 date-time or YYYY-MM-DD date',
    );
    expect(fails('{"bookmarks": {"contacts": 5}}')).toBe('state s.json: bookmarks.contacts: must be an object or a date-time');
    expect(fails('{"currently_syncing": 3}')).toBe('state s.json: currently_syncing: must be a string or null');
  });

  it('reads a whole STATE message as its value (tail -n 1 out.jsonl), also nested by older runs', () => {
    const value = { bookmarks: { contacts: { updated_at: '2024-05-01T12:00:00.000000Z' } }, currently_syncing: null };
    const s = parseState(JSON.stringify({ type: 'STATE', value }), 's', STREAMS);
    expect(s).toEqual(value);
    // What a run that kept the wrapper as unknown keys wrote, read back from its last line.
    const junk = { type: 'STATE', value: { type: 'STATE', value, bookmarks: {}, currently_syncing: null } };
    expect(parseState(JSON.stringify(junk), 's', STREAMS)).toEqual(value);
    expect(parseState(JSON.stringify({ singer_state: { type: 'STATE', value } }), 's', STREAMS)).toEqual(value);
  });

  it('refuses an object of a shape it does not know, naming the file', () => {
    expect(fails('{"contacts": {"updated_at": "2024-05-01T12:00:00Z"}}')).toBe(
      'state s.json: bookmarks: is missing (keys found: "contacts"); expected {"bookmarks": {...}}, a STATE message or {"singer_state": {...}}',
    );
    expect(fails('{"type": "STATE", "value": 3}')).toMatch(/^state s\.json: bookmarks: is missing \(keys found: "type", "value"\)/);
    expect(parseState('{"currently_syncing": null}', 's', STREAMS)).toEqual({ bookmarks: {}, currently_syncing: null });
  });

  it('accepts a date-only bookmark, like the same value in config', () => {
    const s = parseState('{"bookmarks": {"contacts": {"updated_at": "2025-12-15"}, "companies": "2025-12-16"}}', 's', STREAMS);
    expect(toUnixSeconds(getBookmark(s, 'contacts', 'updated_at') as string)).toBe(Date.UTC(2025, 11, 15) / 1000);
    expect(toUnixSeconds(getBookmark(s, 'companies', 'updated_at') as string)).toBe(Date.UTC(2025, 11, 16) / 1000);
  });

  it('reads a date-time bookmark without a zone as UTC and says so', () => {
    const notes: string[] = [];
    const s = parseState('{"bookmarks": {"contacts": {"updated_at": "2025-12-15T10:00:00"}}}', 's.json', STREAMS, notes);
    expect(toUnixSeconds(getBookmark(s, 'contacts', 'updated_at') as string)).toBe(Date.UTC(2025, 11, 15, 10) / 1000);
    expect(notes).toEqual(['state s.json: bookmarks.contacts.updated_at has no time zone: read as UTC']);
  });

  it('names the streams whose bookmark is after the end of the run (they read nothing)', () => {
    const s = parseState('{"bookmarks": {"contacts": {"updated_at": "2026-03-01T00:00:00Z"}, "companies": {"updated_at": "2026-01-01T00:00:00Z"}}}', 's.json', STREAMS);
    const end = Date.parse('2026-02-01T00:00:00Z');
    expect(bookmarksAfterEnd(s, 's.json', STREAMS, end, 0, 'end_date 2026-02-01T00:00:00Z')).toEqual([
      'state s.json: bookmarks.contacts.updated_at 2026-03-01T00:00:00Z is after end_date 2026-02-01T00:00:00Z: contacts will read nothing',
    ]);
    // A lookback that reaches back before the end reads again.
    expect(bookmarksAfterEnd(s, 's.json', STREAMS, end, 40 * 86400, 'end_date')).toEqual([]);
  });

  it('accepts numeric (id) bookmarks and null values', () => {
    const s = parseState('{"bookmarks": {"conversations": {"id": 123, "updated_at": null}}}', 's', STREAMS);
    expect(getBookmark(s, 'conversations', 'id')).toBe(123);
    expect(getBookmark(s, 'conversations', 'updated_at')).toBeUndefined();
  });
});

describe('bookmark helpers', () => {
  it('setBookmark returns a new state and never mutates', () => {
    const before = { bookmarks: { a: { k: 1, other: 'x' }, b: { k: 2 } }, currently_syncing: null, keep: 'me' };
    const frozen = JSON.stringify(before);
    const after = setBookmark(before, 'a', 'k', 5);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).toEqual({ bookmarks: { a: { k: 5, other: 'x' }, b: { k: 2 } }, currently_syncing: null, keep: 'me' });
    expect(setBookmark(before, 'c', 'updated_at', 't').bookmarks.c).toEqual({ updated_at: 't' });
  });

  it('converts between unix seconds and singer-io bookmark strings', () => {
    expect(formatBookmark(1714564800)).toBe('2024-05-01T12:00:00.000000Z');
    expect(toUnixSeconds('2024-05-01T12:00:00.000000Z')).toBe(1714564800);
    expect(toUnixSeconds('2024-05-01T14:00:00.999+02:00')).toBe(1714564800);
    expect(toUnixSeconds(42)).toBe(42);
    expect(toUnixSeconds(formatBookmark(1700000123))).toBe(1700000123);
  });
});
