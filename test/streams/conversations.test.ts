import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { expectRecordsValid, expectExactly } from '../helpers/conformance';
import { discover, runTap, type TapRun } from '../helpers/run-tap';
import type { JsonObject } from '../../src/common/json';
import type { Catalog, SchemaMessage, TapState } from '../../src/singer/types';

/**
 * Conformance of conversations and conversation_parts against the fake Intercom (real HTTP, real client
 * and engine), modelled on Stitch's tap tester: discovery, field selection, schema validity, ground truth,
 * pagination, start date, bookmarks, interrupted sync, parent/child, and the stream's options.
 */
const STREAMS = ['conversations', 'conversation_parts'];
const COUNTS = { conversations: 45, tickets: 5, contacts: 20, companies: 4 };
/** Small pages: many pages per window, and windows above 20 pages (40 records) are split. */
const CONFIG = { page_size: 2 };
/** A generous rate budget: pacing is tested with the client, here it would only slow the runs down. */
const BUDGET = 100000;

const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
const ids = (records: JsonObject[]): string[] => records.map((r) => String(r['id']));
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
const lastIndex = <T>(xs: readonly T[], test: (x: T) => boolean): number => {
  for (let i = xs.length - 1; i >= 0; i -= 1) if (test(xs[i] as T)) return i;
  return -1;
};

/** Records a run emitted before its `n`-th STATE message. */
function recordsBeforeState(run: TapRun, n: number, stream: string): JsonObject[] {
  const out: JsonObject[] = [];
  let seen = 0;
  for (const m of run.messages) {
    if (m.type === 'STATE' && ++seen === n) break;
    if (m.type === 'RECORD' && m.stream === stream) out.push(m.record);
  }
  return out;
}

function partsByConversation(fake: FakeIntercom): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of fake.groundTruth('conversation_parts')) map.set(p.parent_id as string, [...(map.get(p.parent_id as string) ?? []), p.id]);
  return map;
}

function withReplicationKey(catalog: Catalog, stream: string, key: string): Catalog {
  return {
    streams: catalog.streams.map((e) =>
      e.tap_stream_id !== stream ? e : { ...e, metadata: e.metadata.map((m) => (m.breadcrumb.length === 0 ? { ...m, metadata: { ...m.metadata, 'replication-key': key } } : m)) },
    ),
  };
}

describe.each([1, 7])('conversations and conversation_parts, seed %i', (seed) => {
  let fake: FakeIntercom;
  let full: TapRun;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: COUNTS, rateLimitPer10s: BUDGET });
    full = await runTap(fake, { streams: STREAMS, config: CONFIG });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('discovers keys, replication keys, parent and inclusion', async () => {
    const catalog = await discover(fake);
    const top = (name: string) => catalog.streams.find((s) => s.tap_stream_id === name)?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
    const inclusion = (name: string, field: string) =>
      catalog.streams.find((s) => s.tap_stream_id === name)?.metadata.find((m) => m.breadcrumb[1] === field)?.metadata['inclusion'];
    expect(top('conversations')).toMatchObject({ 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at', 'id'], 'forced-replication-method': 'INCREMENTAL' });
    expect(top('conversation_parts')).toMatchObject({ 'table-key-properties': ['id'], 'parent-tap-stream-id': 'conversations' });
    expect(inclusion('conversations', 'id')).toBe('automatic');
    expect(inclusion('conversations', 'updated_at')).toBe('automatic');
    expect(inclusion('conversations', 'state')).toBe('available');
    expect(inclusion('conversation_parts', 'id')).toBe('automatic');
    expect(inclusion('conversation_parts', 'body')).toBe('available');
  });

  it('emits every conversation and every returned part exactly once, valid against the SCHEMA', () => {
    expect(full.error).toBeUndefined();
    expectExactly(full.records('conversations'), fake.groundTruth('conversations').map((r) => r.id));
    expectExactly(full.records('conversation_parts'), fake.groundTruth('conversation_parts').map((r) => r.id));
    for (const stream of STREAMS) expectRecordsValid(full, stream);
    const parentOf = new Map(fake.groundTruth('conversation_parts').map((p) => [p.id, p.parent_id]));
    const conversations = new Map(full.records('conversations').map((c) => [String(c['id']), c]));
    for (const part of full.records('conversation_parts')) {
      expect(part['conversation_id']).toBe(parentOf.get(String(part['id'])));
      const parent = conversations.get(String(part['conversation_id']));
      expect(part['conversation_created_at']).toBe(parent?.['created_at']);
      expect(part['conversation_total_parts']).toEqual(expect.any(Number));
    }
  });

  it('selects all fields: every schema field the API sends is emitted, nothing outside the schema', async () => {
    const res = await fetch(`${fake.url}/conversations/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json', 'intercom-version': '2.11' },
      body: JSON.stringify({ query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 50 } }),
    });
    const raw = ((await res.json()) as { conversations: Array<Record<string, unknown>> }).conversations;
    const schema = full.messages.find((m): m is SchemaMessage => m.type === 'SCHEMA' && m.stream === 'conversations')?.schema;
    const props = new Set(Object.keys(schema?.properties ?? {}));
    const sent = new Set(raw.flatMap((r) => Object.keys(r)).filter((k) => props.has(k)));
    const emitted = new Set(full.records('conversations').flatMap((r) => Object.keys(r)));
    expect([...emitted].filter((k) => !props.has(k))).toEqual([]);
    expect(sorted(emitted)).toEqual(sorted(sent));
  });

  it('emits only automatic fields when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: STREAMS, fields: 'automatic', config: CONFIG });
    expect(run.error).toBeUndefined();
    for (const r of run.records('conversations')) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
    for (const r of run.records('conversation_parts')) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
    expect(run.records('conversation_parts')).toHaveLength(fake.groundTruth('conversation_parts').length);
  });

  it('bookmarks both streams at the largest updated_at emitted', () => {
    const max = Math.max(...full.records('conversations').map((r) => unix(r['updated_at'])));
    const bookmarks = full.state.bookmarks as Record<string, { updated_at: string }>;
    expect(unix(bookmarks['conversations']?.updated_at)).toBe(max);
    expect(bookmarks['conversation_parts']).toEqual(bookmarks['conversations']);
  });

  it('reports parts beyond the 500 cap with the conversation id', () => {
    const counts = partsByConversation(fake);
    const capped = [...counts].filter(([, parts]) => parts.length === 500).map(([id]) => id);
    expect(capped.length).toBeGreaterThan(0);
    const warnings = (full.summary?.warnings ?? []).filter((w) => w.code === 'parts_over_cap');
    expect(warnings).toHaveLength(capped.length);
    for (const id of capped) expect(warnings.some((w) => w.message.includes(id) && w.message.includes('500'))).toBe(true);
  });

  it('respects start_date: nothing older, everything newer', async () => {
    const times = fake.groundTruth('conversations').map((r) => r.updated_at as number).sort((a, b) => a - b);
    const start = times[Math.floor(times.length / 2)] as number;
    const run = await runTap(fake, { streams: STREAMS, config: { ...CONFIG, start_date: new Date(start * 1000).toISOString() } });
    expect(run.error).toBeUndefined();
    const wanted = fake.groundTruth('conversations').filter((r) => (r.updated_at as number) >= start);
    expectExactly(run.records('conversations'), wanted.map((r) => r.id));
    const parts = partsByConversation(fake);
    expectExactly(run.records('conversation_parts'), wanted.flatMap((r) => parts.get(r.id) ?? []));
  });

  it('closes windows on both ends: start_date and end_date on a second shared by many conversations', async () => {
    const truth = fake.groundTruth('conversations');
    const bySecond = new Map<number, number>();
    for (const r of truth) bySecond.set(r.updated_at as number, (bySecond.get(r.updated_at as number) ?? 0) + 1);
    const [bulk, many] = [...bySecond].sort((a, b) => b[1] - a[1])[0] as [number, number];
    expect(many).toBeGreaterThan(5);
    const iso = (t: number): string => new Date(t * 1000).toISOString();
    const upTo = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, end_date: iso(bulk) } });
    expectExactly(upTo.records('conversations'), truth.filter((r) => (r.updated_at as number) <= bulk).map((r) => r.id));
    const from = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, start_date: iso(bulk), search_parallelism: 3 } });
    expectExactly(from.records('conversations'), truth.filter((r) => (r.updated_at as number) >= bulk).map((r) => r.id));
  });

  it('resumes an interrupted sync from a mid-run STATE back to the full ground truth', async () => {
    const finalMark = unix((full.state.bookmarks['conversations'] as { updated_at: string }).updated_at);
    const n = lastIndex(full.states, (s) => {
      const mark = (s.bookmarks['conversations'] as { updated_at?: string } | undefined)?.updated_at;
      return mark !== undefined && unix(mark) < finalMark;
    });
    expect(n).toBeGreaterThanOrEqual(0); // window prefixes checkpoint before the end
    const state = full.states[n] as TapState;
    const resumed = await runTap(fake, { streams: STREAMS, config: CONFIG, state });
    expect(resumed.error).toBeUndefined();
    for (const stream of STREAMS) {
      const union = new Set([...ids(recordsBeforeState(full, n + 1, stream)), ...ids(resumed.records(stream))]);
      expect(sorted(union)).toEqual(sorted(fake.groundTruth(stream).map((r) => r.id)));
    }
    expect(resumed.records('conversations').length).toBeLessThan(full.records('conversations').length);
  });

  it('gives the exact ground truth with one search window at a time', async () => {
    const run = await runTap(fake, { streams: STREAMS, config: { ...CONFIG, search_parallelism: 1 } });
    expect(run.error).toBeUndefined();
    expectExactly(run.records('conversations'), fake.groundTruth('conversations').map((r) => r.id));
    expectExactly(run.records('conversation_parts'), fake.groundTruth('conversation_parts').map((r) => r.id));
  });
});

describe.each([1, 7])('conversations after changes, seed %i', (seed) => {
  let fake: FakeIntercom;
  beforeEach(async () => {
    fake = await startFakeIntercom({ seed, counts: COUNTS, rateLimitPer10s: BUDGET });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('a second run emits the changed conversations (plus the bookmark second) and every part of exactly those', async () => {
    const first = await runTap(fake, { streams: STREAMS, config: CONFIG });
    expect(first.error).toBeUndefined();
    const mark = unix((first.state.bookmarks['conversations'] as { updated_at: string }).updated_at);
    fake.clock.advance(3600);
    const changed = fake.updateRecords('conversations', 4);
    const second = await runTap(fake, { streams: STREAMS, config: CONFIG, state: first.state });
    expect(second.error).toBeUndefined();
    const truth = fake.groundTruth('conversations');
    const boundary = truth.filter((r) => r.updated_at === mark && !changed.includes(r.id)).map((r) => r.id);
    expectExactly(second.records('conversations'), [...changed, ...boundary]);
    const parts = partsByConversation(fake);
    expectExactly(second.records('conversation_parts'), [...changed, ...boundary].flatMap((id) => parts.get(id) ?? []));
    const newest = Math.max(...second.records('conversations').map((r) => unix(r['updated_at'])));
    expect(newest).toBe(fake.clock.now());
    expect(unix((second.state.bookmarks['conversations'] as { updated_at: string }).updated_at)).toBe(newest);
    expect(second.state.bookmarks['conversation_parts']).toEqual(second.state.bookmarks['conversations']);
  });

  it('replicates on id when the catalog says so: the full set, an integer bookmark, then only new conversations', async () => {
    const catalog = withReplicationKey(await discover(fake), 'conversations', 'id');
    const first = await runTap(fake, { streams: STREAMS, config: CONFIG, catalog });
    expect(first.error).toBeUndefined();
    expectExactly(first.records('conversations'), fake.groundTruth('conversations').map((r) => r.id));
    expectExactly(first.records('conversation_parts'), fake.groundTruth('conversation_parts').map((r) => r.id));
    const maxId = Math.max(...fake.groundTruth('conversations').map((r) => Number(r.id)));
    expect(first.state.bookmarks['conversations']).toEqual({ id: maxId });
    expect(first.state.bookmarks['conversation_parts']).toEqual({ id: maxId });

    const created = fake.createRecords('conversations', 3);
    const second = await runTap(fake, { streams: STREAMS, config: CONFIG, catalog, state: first.state });
    expect(second.error).toBeUndefined();
    expectExactly(second.records('conversations'), [String(maxId), ...created]);
    expect(second.state.bookmarks['conversations']).toEqual({ id: Math.max(...created.map(Number)) });
  });
});

describe('conversation options', () => {
  let fake: FakeIntercom;
  let all: JsonObject[];
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 11, counts: COUNTS, rateLimitPer10s: BUDGET });
    all = (await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, api_version: '2.16' } })).records('conversations');
  });
  afterEach(() => fake.setFaults({}));
  afterAll(async () => {
    await fake.close();
  });

  it('pushes conversation_states into the search', async () => {
    const run = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, conversation_states: ['open', 'snoozed'] } });
    const wanted = all.filter((c) => c['state'] === 'open' || c['state'] === 'snoozed');
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(all.length);
    expectExactly(run.records('conversations'), ids(wanted));
  });

  it.each(['2.11', '2.16'])('conversation_admin: unassigned (API %s) and an admin id', async (version) => {
    const unassigned = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, api_version: version, conversation_admin: 'unassigned' } });
    expect(unassigned.error).toBeUndefined();
    const none = all.filter((c) => !c['admin_assignee_id']);
    expect(none.length).toBeGreaterThan(0);
    expectExactly(unassigned.records('conversations'), ids(none));
    const admin = all.find((c) => c['admin_assignee_id'])?.['admin_assignee_id'];
    const byAdmin = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, api_version: version, conversation_admin: String(admin) } });
    expectExactly(byAdmin.records('conversations'), ids(all.filter((c) => c['admin_assignee_id'] === admin)));
  });

  it('conversation_ids fetches exactly those conversations (and their parts); a missing one is a warning', async () => {
    const truth = fake.groundTruth('conversations');
    const wanted = [truth[2]?.id, truth[9]?.id] as string[];
    fake.resetStats();
    const run = await runTap(fake, { streams: STREAMS, config: { ...CONFIG, conversation_ids: [...wanted, '999999999'] } });
    expect(run.error).toBeUndefined();
    expectExactly(run.records('conversations'), wanted);
    const parts = partsByConversation(fake);
    expectExactly(run.records('conversation_parts'), wanted.flatMap((id) => parts.get(id) ?? []));
    expect(run.summary?.warnings.filter((w) => w.code === 'conversation_skipped' && w.message.includes('999999999'))).toHaveLength(1);
    expect(fake.stats().byRoute['POST /conversations/search']).toBeUndefined();
  });

  it('skip_failed_conversations skips a conversation whose details fail, names it and goes on', async () => {
    fake.setFaults({ failNext: [{ kind: 'server_error', route: 'GET /conversations/{id}', count: 1 }] });
    const run = await runTap(fake, { streams: STREAMS, config: { ...CONFIG, max_retries: 0, skip_failed_conversations: true } });
    expect(run.error).toBeUndefined();
    const skipped = (run.summary?.warnings ?? []).filter((w) => w.code === 'conversation_skipped');
    expect(skipped).toHaveLength(1);
    const id = /conversation (\d+) skipped/.exec(skipped[0]?.message ?? '')?.[1] as string;
    const parts = partsByConversation(fake);
    expect(parts.has(id)).toBe(true);
    expectExactly(run.records('conversation_parts'), [...parts].filter(([c]) => c !== id).flatMap(([, p]) => p));
    expectExactly(run.records('conversations'), fake.groundTruth('conversations').map((r) => r.id));
  });

  it('without skip_failed_conversations a failing conversation fails the run', async () => {
    fake.setFaults({ failNext: [{ kind: 'server_error', route: 'GET /conversations/{id}', count: 1 }] });
    const run = await runTap(fake, { streams: STREAMS, config: { ...CONFIG, max_retries: 0 } });
    expect(run.error).toBeInstanceOf(Error);
    expect(String((run.error as Error).message)).toContain('/conversations/');
  });

  it('rejects a conversation_admin that is neither all, unassigned nor an id', async () => {
    const run = await runTap(fake, { streams: ['conversations'], config: { ...CONFIG, conversation_admin: 'bob' } });
    expect(String((run.error as Error | undefined)?.message)).toContain('conversation_admin');
  });
});
