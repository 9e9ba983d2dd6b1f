import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { clientFor, discover, quietLogger, runTap, tapConfig, type TapRun } from '../helpers/run-tap';
import type { JsonObject, RawRecord } from '../../src/common/json';
import type { SchemaMessage } from '../../src/singer/types';
import { helpCenterReaders } from '../../src/streams/help-center';
import type { ReadContext, ReadEvent } from '../../src/engine/contract';

const ROUTES: Record<string, string> = { help_center_collections: 'GET /help_center/collections', help_center_articles: 'GET /articles' };
const COUNTS = { help_center_collections: 35, help_center_articles: 80 };
const FAST = { rateLimitPer10s: 100_000 };
const unix = (iso: unknown): number => Math.floor(Date.parse(String(iso)) / 1000);
const iso = (t: number): string => new Date(t * 1000).toISOString();

describe.each([
  ['help_center_collections', 2],
  ['help_center_collections', 9],
  ['help_center_articles', 2],
  ['help_center_articles', 9],
] as const)('%s conformance, seed %i', (stream, seed) => {
  let fake: FakeIntercom;
  const ids = (run: TapRun): string[] => run.records(stream).map((r) => String(r['id']));
  const truth = (): Array<{ id: string; updated_at: number }> => fake.groundTruth(stream).map((r) => ({ id: r.id, updated_at: r.updated_at ?? 0 }));
  const mark = (run: TapRun): number => unix((run.state.bookmarks[stream] as JsonObject)['updated_at']);
  const requests = (): number => fake.stats().byRoute[ROUTES[stream] as string] ?? 0;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: COUNTS, ...FAST });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('discovery: key, replication key, inclusion', async () => {
    const entry = (await discover(fake)).streams.find((s) => s.tap_stream_id === stream);
    expect(entry?.key_properties).toEqual(['id']);
    expect(entry?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata['valid-replication-keys']).toEqual(['updated_at']);
    const inclusion = (f: string): unknown => entry?.metadata.find((m) => m.breadcrumb[1] === f)?.metadata['inclusion'];
    expect([inclusion('id'), inclusion('updated_at'), inclusion('created_at')]).toEqual(['automatic', 'automatic', 'available']);
  });

  let full: TapRun;
  it('all fields: valid records, ids equal the ground truth across pages, no duplicates, bookmark at the largest updated_at', async () => {
    full = await runTap(fake, { streams: [stream], config: { page_size: 10 } });
    expect(full.error).toBeUndefined();
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = full.messages.find((m): m is SchemaMessage => m.type === 'SCHEMA' && m.stream === stream) as SchemaMessage;
    const validate = ajv.compile(schema.schema);
    for (const r of full.records(stream)) expect(validate(r) ? null : validate.errors).toBeNull();
    expect(ids(full)).toHaveLength(truth().length);
    expect(new Set(ids(full))).toEqual(new Set(truth().map((r) => r.id)));
    expect(Object.keys(full.records(stream)[0] ?? {})).toEqual(expect.arrayContaining(['created_at', 'default_locale']));
    expect(mark(full)).toBe(Math.max(...truth().map((r) => r.updated_at)));
  });

  it('automatic fields only when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: [stream], fields: 'automatic' });
    for (const r of run.records(stream)) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
    expect(run.records(stream)).toHaveLength(truth().length);
  });

  it('start date: nothing older, everything newer, and reading stops at the first page all older', async () => {
    const times = truth().map((r) => r.updated_at).sort((a, b) => b - a);
    const cut = times[12] as number; // newest first: the 13th newest, on page 2 of 10
    fake.resetStats();
    const run = await runTap(fake, { streams: [stream], config: { start_date: iso(cut), page_size: 10 } });
    for (const r of run.records(stream)) expect(unix(r['updated_at'])).toBeGreaterThanOrEqual(cut);
    expect(new Set(ids(run))).toEqual(new Set(truth().filter((r) => r.updated_at >= cut).map((r) => r.id)));
    expect(requests()).toBeLessThanOrEqual(3);
  });

  it('bookmarks: after updates, the next run emits exactly the changed records (plus the boundary second), reading few pages', async () => {
    const changed = fake.updateRecords(stream, 4);
    fake.resetStats();
    const run = await runTap(fake, { streams: [stream], state: full.state, config: { page_size: 10 } });
    expect(run.error).toBeUndefined();
    expect(ids(run)).toEqual(expect.arrayContaining(changed));
    for (const r of run.records(stream).filter((x) => !changed.includes(String(x['id'])))) expect(unix(r['updated_at'])).toBe(mark(full));
    expect(new Set(ids(run)).size).toBe(ids(run).length);
    expect(mark(run)).toBe(Math.max(...run.records(stream).map((r) => unix(r['updated_at']))));
    expect(requests()).toBeLessThanOrEqual(2);
  });

  it('interrupted sync: a run stopped halfway (end_date) then resumed from its STATE gives the full ground truth', async () => {
    const times = truth().map((r) => r.updated_at).sort((a, b) => a - b);
    const half = await runTap(fake, { streams: [stream], config: { page_size: 10, end_date: iso(times[Math.floor(times.length / 2)] as number) } });
    const mid = half.states[half.states.length - 1];
    expect(mid?.bookmarks[stream]).toBeDefined();
    const rest = await runTap(fake, { streams: [stream], config: { page_size: 10 }, ...(mid ? { state: mid } : {}) });
    expect(new Set([...ids(half), ...ids(rest)])).toEqual(new Set(truth().map((r) => r.id)));
  });
});

describe('help center: an edit during the sync moves items between pages', () => {
  it('nothing unedited is skipped, nothing is yielded twice, the checkpoint stays within the bounds', async () => {
    const fake = await startFakeIntercom({ seed: 3, counts: COUNTS, ...FAST });
    const anchor = fake.clock.now();
    const config = tapConfig(fake);
    const logger = quietLogger();
    const client = clientFor(config, logger);
    const bounds = { key: 'updated_at', kind: 'datetime' as const, start: 0, end: anchor + 100 };
    const ctx: ReadContext = { client, config, logger, signal: new AbortController().signal, pageSize: 10, parallelism: 2, warn: () => undefined, bounds };
    fake.clock.set(anchor + 1000); // edits happen after the run's end, as in real life
    const seen: RawRecord[] = [];
    const checkpoints: number[] = [];
    let edited: string[] = [];
    for await (const e of helpCenterReaders['help_center_articles']?.read?.(ctx) as AsyncIterable<ReadEvent>) {
      if (e.kind === 'checkpoint') checkpoints.push(e.value);
      if (e.kind !== 'records') continue;
      if (seen.length === 0) edited = fake.updateRecords('help_center_articles', 6);
      seen.push(...e.records);
    }
    await client.close();
    await fake.close();
    const got = seen.map((r) => String(r['id']));
    expect(new Set(got).size).toBe(got.length);
    const unedited = fake.groundTruth('help_center_articles').map((r) => r.id).filter((id) => !edited.includes(id));
    expect(got).toEqual(expect.arrayContaining(unedited));
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]).toBeLessThanOrEqual(bounds.end);
  });
});
