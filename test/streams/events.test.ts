import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { discover, runTap, type TapRun } from '../helpers/run-tap';
import type { JsonObject } from '../../src/common/json';
import type { TapState } from '../../src/singer/types';

/** events: per contact (users and/or leads), last 90 days, incremental on created_at. */
// Whole syncs over real HTTP: allow for a loaded machine (the default 5 s is too tight).
jest.setTimeout(60_000);

const SEEDS = [2, 4];
const FAST = { rateLimitPer10s: 100000 };
const DAY = 86400;

const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', '.000000Z');
const keyOf = (r: JsonObject): string => `${String(r['intercom_user_id'])}:${unix(r['created_at'])}:${String(r['event_name'])}`;
const bookmark = (s: TapState): number => unix(s.bookmarks['events']?.['created_at']);

describe('events: discovery', () => {
  it('key, replication key, automatic fields', async () => {
    const fake = await startFakeIntercom({ seed: 1, counts: { contacts: 10 }, ...FAST });
    try {
      const entry = (await discover(fake)).streams.find((s) => s.tap_stream_id === 'events');
      const top = entry?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
      expect(top).toMatchObject({ 'table-key-properties': ['intercom_user_id', 'created_at', 'event_name'], 'valid-replication-keys': ['created_at'], 'forced-replication-method': 'INCREMENTAL' });
      for (const f of ['intercom_user_id', 'created_at', 'event_name']) expect(entry?.metadata.find((m) => m.breadcrumb[1] === f)?.metadata['inclusion']).toBe('automatic');
    } finally {
      await fake.close();
    }
  });
});

describe.each(SEEDS)('events, seed %i', (seed) => {
  let fake: FakeIntercom;
  let full: TapRun;
  let contactCount: number;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: { contacts: 90, companies: 10 }, ...FAST });
    contactCount = fake.groundTruth('contacts').length;
    fake.resetStats();
    full = await runTap(fake, { streams: ['events'], config: { page_size: 10 } });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('emits exactly the listable events of every contact, once, valid against the schema', () => {
    expect(full.error).toBeUndefined();
    const keys = full.records('events').map(keyOf);
    expect(keys.length).toBe(new Set(keys).size);
    expect(new Set(keys)).toEqual(new Set(fake.groundTruth('events').map((r) => r.id)));
    // One request per contact, plus the further pages of the contact with 40 events.
    expect(fake.stats().byRoute['GET /events']).toBeGreaterThan(contactCount);
    const schema = full.messages.find((m) => m.type === 'SCHEMA' && m.stream === 'events');
    if (schema?.type !== 'SCHEMA') throw new Error('no schema');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema.schema);
    for (const r of full.records('events')) expect(validate(r) ? null : validate.errors).toBeNull();
  });

  it('bookmarks the largest created_at emitted', () => {
    expect(bookmark(full.state)).toBe(Math.max(...full.records('events').map((r) => unix(r['created_at']))));
  });

  it('automatic fields only when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: ['events'], fields: 'automatic', config: { page_size: 50 } });
    for (const r of run.records('events')) expect(Object.keys(r).sort()).toEqual(['created_at', 'event_name', 'intercom_user_id']);
  });

  it('second run: only the boundary overlap, and paging stops at events older than the bookmark', async () => {
    fake.resetStats();
    const run = await runTap(fake, { streams: ['events'], state: full.state, config: { page_size: 10 } });
    const b = bookmark(full.state);
    const atBookmark = fake.groundTruth('events').filter((r) => r.created_at === b).map((r) => r.id);
    expect(new Set(run.records('events').map(keyOf))).toEqual(new Set(atBookmark));
    expect(bookmark(run.state)).toBe(b);
    expect(fake.stats().byRoute['GET /events']).toBe(contactCount);
  });

  it('start_date: nothing older, nothing missing', async () => {
    const start = fake.clock.now() - 30 * DAY + 777;
    const run = await runTap(fake, { streams: ['events'], config: { page_size: 10, start_date: iso(start).replace('.000000Z', 'Z') } });
    for (const r of run.records('events')) expect(unix(r['created_at'])).toBeGreaterThanOrEqual(start);
    const expected = fake.groundTruth('events').filter((r) => (r.created_at ?? 0) >= start).map((r) => r.id);
    expect(new Set(run.records('events').map(keyOf))).toEqual(new Set(expected));
  });

  it('event_types chooses whose events are read', async () => {
    const contacts = await runTap(fake, { streams: ['contacts'], config: { page_size: 150 } });
    const leads = new Set(contacts.records('contacts').filter((r) => r['role'] === 'lead').map((r) => String(r['id'])));
    const run = await runTap(fake, { streams: ['events'], config: { page_size: 50, event_types: ['lead'] } });
    const expected = fake.groundTruth('events').filter((r) => leads.has(r.parent_id ?? '')).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(fake.groundTruth('events').length);
    expect(new Set(run.records('events').map(keyOf))).toEqual(new Set(expected));
    const none = await runTap(fake, { streams: ['events'], config: { event_types: [] } });
    expect(none.records('events')).toHaveLength(0);
  });

  it('interrupted sync: a run that fails mid-way keeps no bookmark past what it emitted; the rerun completes', async () => {
    // The read is unsorted across contacts, so it checkpoints only at the end: a failed run leaves the old state.
    fake.setFaults({ failNext: [{ kind: 'unauthorized', route: 'GET /events', count: 1 }] });
    const failed = await runTap(fake, { streams: ['events'], config: { page_size: 10 } });
    fake.setFaults({});
    expect(failed.error).toBeDefined();
    expect(failed.state.bookmarks['events']).toBeUndefined();
    const rerun = await runTap(fake, { streams: ['events'], state: failed.state, config: { page_size: 10 } });
    const union = new Set([...failed.records('events'), ...rerun.records('events')].map(keyOf));
    expect(union).toEqual(new Set(fake.groundTruth('events').map((r) => r.id)));
  });
});
