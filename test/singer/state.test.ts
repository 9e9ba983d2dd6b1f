import { StateError } from '../../src/common/errors';
import { formatBookmark, getBookmark, parseState, setBookmark, toUnixSeconds } from '../../src/singer/state';
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
      'state s.json: bookmarks.contacts.updated_at: must be an RFC 3339 date-time; bookmarks.companies: must be an RFC 3339 date-time',
    );
    expect(fails('{"bookmarks": {"contacts": 5}}')).toBe('state s.json: bookmarks.contacts: must be an object or a date-time');
    expect(fails('{"currently_syncing": 3}')).toBe('state s.json: currently_syncing: must be a string or null');
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
