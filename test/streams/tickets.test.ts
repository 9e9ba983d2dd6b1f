import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { expectExactly, expectRecordsValid } from '../helpers/conformance';
import { discover, runTap, type TapRun } from '../helpers/run-tap';
import type { JsonObject } from '../../src/common/json';
import type { TapState } from '../../src/singer/types';

/** Conformance of tickets (POST /tickets/search by windows on updated_at) against the fake Intercom. */
const COUNTS = { tickets: 70, conversations: 5, contacts: 20, companies: 4 };
/** Windows above 20 pages of 2 are split. */
const CONFIG = { page_size: 2 };
/** A generous rate budget: pacing is tested with the client, here it would only slow the runs down. */
const BUDGET = 100000;

const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
const iso = (t: number): string => new Date(t * 1000).toISOString();
const ids = (records: JsonObject[]): string[] => records.map((r) => String(r['id']));
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
const lastIndex = <T>(xs: readonly T[], test: (x: T) => boolean): number => {
  for (let i = xs.length - 1; i >= 0; i -= 1) if (test(xs[i] as T)) return i;
  return -1;
};

const bookmark = (state: TapState): number => unix((state.bookmarks['tickets'] as { updated_at: string }).updated_at);

describe.each([2, 5])('tickets, seed %i', (seed) => {
  let fake: FakeIntercom;
  let full: TapRun;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: COUNTS, rateLimitPer10s: BUDGET });
    full = await runTap(fake, { streams: ['tickets'], config: CONFIG });
  });
  afterAll(async () => {
    await fake.close();
  });
  const truthIds = (): string[] => fake.groundTruth('tickets').map((r) => r.id);

  it('discovers key, replication key and inclusion', async () => {
    const entry = (await discover(fake)).streams.find((s) => s.tap_stream_id === 'tickets');
    expect(entry?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata).toMatchObject({
      'table-key-properties': ['id'],
      'valid-replication-keys': ['updated_at'],
      'forced-replication-method': 'INCREMENTAL',
    });
    expect(entry?.metadata.find((m) => m.breadcrumb[1] === 'updated_at')?.metadata['inclusion']).toBe('automatic');
    expect(entry?.metadata.find((m) => m.breadcrumb[1] === 'ticket_type')?.metadata['inclusion']).toBe('available');
  });

  it('emits every ticket once, valid against the SCHEMA, with the flat title', () => {
    expect(full.error).toBeUndefined();
    expectExactly(full.records('tickets'), truthIds());
    expectRecordsValid(full, 'tickets');
    for (const r of full.records('tickets')) {
      expect(r['title']).toBe((r['ticket_attributes'] as JsonObject)['_default_title_']);
    }
  });

  it('emits only automatic fields when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: ['tickets'], fields: 'automatic', config: CONFIG });
    for (const r of run.records('tickets')) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
    expect(run.records('tickets')).toHaveLength(truthIds().length);
  });

  it('bookmarks the largest updated_at emitted', () => {
    expect(bookmark(full.state)).toBe(Math.max(...full.records('tickets').map((r) => unix(r['updated_at']))));
  });

  it('respects start_date and end_date, both inclusive to the second', async () => {
    const times = fake.groundTruth('tickets').map((r) => r.updated_at as number).sort((a, b) => a - b);
    const start = times[Math.floor(times.length / 3)] as number;
    const end = times[Math.floor((2 * times.length) / 3)] as number;
    const run = await runTap(fake, { streams: ['tickets'], config: { ...CONFIG, start_date: iso(start), end_date: iso(end) } });
    expect(run.error).toBeUndefined();
    expectExactly(run.records('tickets'), fake.groundTruth('tickets').filter((r) => (r.updated_at as number) >= start && (r.updated_at as number) <= end).map((r) => r.id));
  });

  it('resumes an interrupted sync from a mid-run STATE back to the full ground truth', async () => {
    const n = lastIndex(full.states, (s) => s.bookmarks['tickets'] !== undefined && bookmark(s) < bookmark(full.state));
    expect(n).toBeGreaterThanOrEqual(0);
    const before: string[] = [];
    let seen = 0;
    for (const m of full.messages) {
      if (m.type === 'STATE' && ++seen === n + 1) break;
      if (m.type === 'RECORD') before.push(String(m.record['id']));
    }
    const resumed = await runTap(fake, { streams: ['tickets'], config: CONFIG, state: full.states[n] as TapState });
    expect(resumed.error).toBeUndefined();
    expect(sorted(new Set([...before, ...ids(resumed.records('tickets'))]))).toEqual(sorted(truthIds()));
    expect(resumed.records('tickets').length).toBeLessThan(truthIds().length);
  });

  it.each([1, 8])('gives the exact ground truth at search_parallelism %i', async (parallelism) => {
    const run = await runTap(fake, { streams: ['tickets'], config: { ...CONFIG, search_parallelism: parallelism } });
    expect(run.error).toBeUndefined();
    expectExactly(run.records('tickets'), truthIds());
  });

  it('a second run after updates emits the changed tickets plus at most the bookmark second', async () => {
    const mark = bookmark(full.state);
    fake.clock.advance(600);
    const changed = fake.updateRecords('tickets', 5);
    const run = await runTap(fake, { streams: ['tickets'], config: CONFIG, state: full.state });
    expect(run.error).toBeUndefined();
    const boundary = fake.groundTruth('tickets').filter((r) => r.updated_at === mark).map((r) => r.id);
    expectExactly(run.records('tickets'), new Set([...changed, ...boundary]));
    expect(bookmark(run.state)).toBe(fake.clock.now());
  });
});
