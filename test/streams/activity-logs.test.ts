import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { discover, runTap, type TapRun } from '../helpers/run-tap';
import type { JsonObject } from '../../src/common/json';
import type { SchemaMessage } from '../../src/singer/types';

const STREAM = 'activity_logs';
const ROUTE = 'GET /admins/activity_logs';
const unix = (iso: unknown): number => Math.floor(Date.parse(String(iso)) / 1000);
const ids = (run: TapRun): string[] => run.records(STREAM).map((r) => String(r['id']));
const iso = (t: number): string => new Date(t * 1000).toISOString();
const mark = (run: TapRun): number => unix((run.state.bookmarks[STREAM] as JsonObject)['created_at']);

describe.each([1, 4])('activity_logs conformance, seed %i', (seed) => {
  let fake: FakeIntercom;
  const truth = (): Array<{ id: string; created_at: number }> => fake.groundTruth(STREAM).map((r) => ({ id: r.id, created_at: r.created_at ?? 0 }));
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: { activity_logs: 300 }, rateLimitPer10s: 100_000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('discovery: key, replication key, inclusion', async () => {
    const entry = (await discover(fake)).streams.find((s) => s.tap_stream_id === STREAM);
    expect(entry?.key_properties).toEqual(['id']);
    const root = entry?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
    expect(root?.['valid-replication-keys']).toEqual(['created_at']);
    const inclusion = (f: string): unknown => entry?.metadata.find((m) => m.breadcrumb[1] === f)?.metadata['inclusion'];
    expect([inclusion('id'), inclusion('created_at'), inclusion('activity_type')]).toEqual(['automatic', 'automatic', 'available']);
  });

  let full: TapRun;
  it('all fields: valid records, ids equal the ground truth across many pages, no duplicates, bookmark at the largest created_at', async () => {
    fake.resetStats();
    full = await runTap(fake, { streams: [STREAM] });
    expect(full.error).toBeUndefined();
    expect(fake.stats().byRoute[ROUTE]).toBeGreaterThan(5); // pages.next was followed
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = full.messages.find((m): m is SchemaMessage => m.type === 'SCHEMA' && m.stream === STREAM) as SchemaMessage;
    const validate = ajv.compile(schema.schema);
    for (const r of full.records(STREAM)) expect(validate(r) ? null : validate.errors).toBeNull();
    expect(ids(full)).toHaveLength(truth().length);
    expect(new Set(ids(full))).toEqual(new Set(truth().map((r) => r.id)));
    expect(Object.keys(full.records(STREAM)[0] ?? {})).toEqual(expect.arrayContaining(['activity_type', 'performed_by', 'metadata']));
    expect(mark(full)).toBe(Math.max(...truth().map((r) => r.created_at)));
  });

  it('automatic fields only when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: [STREAM], fields: 'automatic' });
    for (const r of run.records(STREAM)) expect(Object.keys(r).sort()).toEqual(['created_at', 'id']);
    expect(run.records(STREAM)).toHaveLength(truth().length);
  });

  it('start date: nothing older, everything newer, asked of the API (not filtered after the fact)', async () => {
    const times = truth().map((r) => r.created_at).sort((a, b) => a - b);
    const cut = times[Math.floor(times.length * 0.8)] as number;
    fake.resetStats();
    const run = await runTap(fake, { streams: [STREAM], config: { start_date: iso(cut) } });
    for (const r of run.records(STREAM)) expect(unix(r['created_at'])).toBeGreaterThanOrEqual(cut);
    expect(new Set(ids(run))).toEqual(new Set(truth().filter((r) => r.created_at >= cut).map((r) => r.id)));
    expect(fake.stats().byRoute[ROUTE]).toBeLessThanOrEqual(Math.ceil(truth().length / 20 / 4));
  });

  it('bookmarks: a second run emits only the boundary overlap (nothing new was logged)', async () => {
    const run = await runTap(fake, { streams: [STREAM], state: full.state });
    expect(run.error).toBeUndefined();
    for (const r of run.records(STREAM)) expect(unix(r['created_at'])).toBe(mark(full));
    expect(mark(run)).toBe(mark(full));
  });

  it('interrupted sync: a run stopped halfway (end_date) then resumed from its STATE gives the full ground truth', async () => {
    const times = truth().map((r) => r.created_at).sort((a, b) => a - b);
    const half = await runTap(fake, { streams: [STREAM], config: { end_date: iso(times[Math.floor(times.length / 2)] as number) } });
    const mid = half.states[half.states.length - 1];
    expect(mid?.bookmarks[STREAM]).toBeDefined();
    const rest = await runTap(fake, { streams: [STREAM], ...(mid ? { state: mid } : {}) });
    const union = [...ids(half), ...ids(rest)];
    expect(new Set(union)).toEqual(new Set(truth().map((r) => r.id)));
    // The two runs overlap at most on the boundary second.
    const overlap = ids(half).filter((id) => ids(rest).includes(id));
    for (const id of overlap) expect(truth().find((r) => r.id === id)?.created_at).toBe(mark(half));
  });

  it('a failed run moves no bookmark', async () => {
    fake.setFaults({ failNext: [{ kind: 'unauthorized', route: ROUTE }] });
    const run = await runTap(fake, { streams: [STREAM], state: { bookmarks: {}, currently_syncing: null } });
    fake.setFaults({});
    expect(run.error).toBeDefined();
    expect(run.state.bookmarks[STREAM]).toBeUndefined();
  });
});
