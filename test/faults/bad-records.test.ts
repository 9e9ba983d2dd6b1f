/**
 * Records the engine cannot trust are never passed through: a record without a key property is never
 * emitted (counted, one warning per stream with an example; with validate_records its stream fails, the
 * others complete); a replication key sent as an RFC 3339 text is bounded and bookmarked like unix
 * seconds and emitted as RFC 3339, a null one is emitted and reported, one that is no time is not
 * emitted. Records asked for by id are emitted whatever their dates, and each stream's log line says its
 * own start as RFC 3339. Served by the fake's `badRecords` switch, over real HTTP.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { expectRecordsValid } from '../helpers/conformance';
import { discoverCatalog, faultRun, SECRET, TokenScan } from './harness';
import { START_DATE, truthKeys } from './stream-kinds';

const scan = new TokenScan();
let fake: FakeIntercom;
const COLLECTIONS = 'help_center_collections';

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 51, counts: { contacts: 60, companies: 10, conversations: 12, help_center_collections: 40 }, token: SECRET });
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => fake.setFaults({}));

const ids = (records: ReadonlyArray<Record<string, unknown>>): string[] => records.map((r) => String(r['id'])).sort();

describe('records without their key', () => {
  it('are never emitted: counted, one warning with an example; the others are emitted and their children read', async () => {
    const catalog = await discoverCatalog(fake, ['contacts', 'contact_segments']);
    fake.setFaults({ routes: ['POST /contacts/search'], badRecords: { change: 'no_id', every: 7 } });
    const run = await faultRun(fake, { streams: ['contacts', 'contact_segments'], catalog, config: { start_date: START_DATE } });
    scan.add('no id', run.allText);
    expect(run.error).toBeUndefined();
    const contacts = run.records('contacts');
    expect(contacts.every((r) => typeof r['id'] === 'string' && r['id'] !== '')).toBe(true);
    const missing = truthKeys(fake, 'contacts').length - contacts.length;
    expect(missing).toBeGreaterThan(0);
    const warnings = run.logs.filter((l) => /^WARN contacts: \d+ records? not emitted/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^WARN contacts: ${missing} records? not emitted, the first without its key property id, e\\.g\\. \\{`));
    expect(run.summary?.streams).toEqual({ contacts: 'done', contact_segments: 'done' });
    // No child read was made for a keyless parent.
    expect(run.records('contact_segments').every((r) => typeof r['contact_id'] === 'string')).toBe(true);
  });

  it('with validate_records: that stream fails, naming the record; the other streams complete', async () => {
    const catalog = await discoverCatalog(fake, ['contacts', 'tags']);
    fake.setFaults({ routes: ['POST /contacts/search'], badRecords: { change: 'no_id', every: 7 } });
    const run = await faultRun(fake, { streams: ['contacts', 'tags'], catalog, config: { start_date: START_DATE, validate_records: true } });
    scan.add('no id validate', run.allText);
    expect(run.summary?.streams).toEqual({ tags: 'done', contacts: 'failed' });
    expect(run.summary?.failures[0]?.message).toMatch(/^stream contacts failed: stream contacts: a record without its key property id, e\.g\. \{/);
    expect(ids(run.records('tags'))).toEqual(truthKeys(fake, 'tags').sort());
  });
});

describe('replication keys in another format', () => {
  const catalog = (): ReturnType<typeof discoverCatalog> => discoverCatalog(fake, [COLLECTIONS]);

  it('an RFC 3339 text: bounded and bookmarked like unix seconds, emitted as RFC 3339', async () => {
    const clean = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), config: { start_date: START_DATE } });
    fake.setFaults({ routes: ['GET /help_center/collections'], badRecords: { change: 'iso_updated_at' } });
    const run = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), config: { start_date: START_DATE } });
    scan.add('iso', run.allText);
    expect(run.error).toBeUndefined();
    expect(ids(run.records(COLLECTIONS))).toEqual(truthKeys(fake, COLLECTIONS).sort());
    expectRecordsValid(run, COLLECTIONS);
    const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
    const byId = new Map(clean.records(COLLECTIONS).map((r) => [String(r['id']), unix(r['updated_at'])]));
    for (const r of run.records(COLLECTIONS)) expect(unix(r['updated_at'])).toBe(byId.get(String(r['id'])));
    expect(run.state.bookmarks[COLLECTIONS]).toEqual(clean.state.bookmarks[COLLECTIONS]);
    // Bounds apply: from the bookmark, only the records at its second come back.
    const again = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), state: run.state, config: { start_date: START_DATE, lookback_window: 0 } });
    const mark = unix(run.state.bookmarks[COLLECTIONS]?.['updated_at']);
    expect(again.records(COLLECTIONS).every((r) => unix(r['updated_at']) >= mark)).toBe(true);
    expect(again.records(COLLECTIONS).length).toBeLessThan(run.records(COLLECTIONS).length);
  });

  it('null: emitted (the schema allows it) and reported once', async () => {
    fake.setFaults({ routes: ['GET /help_center/collections'], badRecords: { change: 'null_updated_at', every: 5 } });
    const run = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), config: { start_date: START_DATE } });
    scan.add('null', run.allText);
    expect(ids(run.records(COLLECTIONS))).toEqual(truthKeys(fake, COLLECTIONS).sort());
    expectRecordsValid(run, COLLECTIONS);
    expect(run.logs.filter((l) => /^WARN help_center_collections: \d+ records? emitted with updated_at null/.test(l))).toHaveLength(1);
  });

  it('a text that is no time: not emitted, reported once; with validate_records the stream fails', async () => {
    fake.setFaults({ routes: ['GET /help_center/collections'], badRecords: { change: 'text_updated_at', every: 5 } });
    const run = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), config: { start_date: START_DATE } });
    scan.add('text', run.allText);
    expect(run.records(COLLECTIONS).length).toBeLessThan(truthKeys(fake, COLLECTIONS).length);
    expectRecordsValid(run, COLLECTIONS);
    expect(run.logs.filter((l) => /^WARN help_center_collections: \d+ records? not emitted, the first whose updated_at is not a time \("yesterday"\)/.test(l))).toHaveLength(1);
    const strict = await faultRun(fake, { streams: [COLLECTIONS], catalog: await catalog(), config: { start_date: START_DATE, validate_records: true } });
    expect(strict.summary?.streams).toEqual({ [COLLECTIONS]: 'failed' });
  });
});

describe('records asked for by id', () => {
  // Everything in the fake is older than this start_date.
  const LATE = '2026-11-01T00:00:00Z';

  it('contact_ids, conversation_ids and note_ids: exactly those records, whatever their dates', async () => {
    const contacts = truthKeys(fake, 'contacts').slice(0, 3);
    const conversations = truthKeys(fake, 'conversations').slice(0, 2);
    const notes = fake.groundTruth('notes').slice(0, 2).map((n) => n.id);
    expect(notes).toHaveLength(2);
    const catalog = await discoverCatalog(fake, ['contacts', 'conversations', 'conversation_parts', 'notes']);
    const run = await faultRun(fake, {
      streams: ['contacts', 'conversations', 'conversation_parts', 'notes'],
      catalog,
      config: { start_date: LATE, contact_ids: contacts, conversation_ids: conversations, note_ids: notes },
    });
    scan.add('by id', run.allText);
    expect(run.error).toBeUndefined();
    expect(ids(run.records('contacts'))).toEqual([...contacts].sort());
    expect(ids(run.records('conversations'))).toEqual([...conversations].sort());
    expect(ids(run.records('notes'))).toEqual([...notes].sort());
    const parts = fake.groundTruth('conversation_parts').filter((p) => conversations.includes(p.parent_id ?? ''));
    expect(ids(run.records('conversation_parts'))).toEqual(parts.map((p) => p.id).sort());
  });
});

describe('logs', () => {
  it("each stream's start is its own, as RFC 3339", async () => {
    const catalog = await discoverCatalog(fake, ['contacts', 'contact_segments']);
    const state = { bookmarks: { contacts: { updated_at: '2025-06-01T00:00:00.000000Z' } }, currently_syncing: null };
    const run = await faultRun(fake, { streams: ['contacts', 'contact_segments'], catalog, state, config: { start_date: '2024-01-01T00:00:00Z', lookback_window: 3600 } });
    scan.add('logs', run.allText);
    const starting = (stream: string): string | undefined => run.logs.find((l) => l.startsWith(`INFO sync ${stream}: starting`));
    expect(starting('contacts')).toMatch(/"key":"updated_at","from":"2025-05-31T23:00:00Z","to":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
    expect(starting('contact_segments')).toMatch(/"from":"2024-01-01T00:00:00Z"/);
  });
});

it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
