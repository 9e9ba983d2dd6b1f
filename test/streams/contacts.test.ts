import { startFakeIntercom, type FakeIntercom, type GroundTruthRow } from '../fake-intercom';
import { expectRecordsValid } from '../helpers/conformance';
import { discover, runTap, type TapRun } from '../helpers/run-tap';
import type { JsonObject } from '../../src/common/json';
import type { SchemaMessage, TapState } from '../../src/singer/types';
import { contactFilterSets, contactSearchQuery, contactSortSupported } from '../../src/streams/contact-query';
import { MAX_GROUP_FILTERS as MAX_FILTERS_PER_GROUP, type SearchFilter } from '../../src/streams/search';

const DAY = 86400;
// Whole syncs over real HTTP: allow for a loaded machine (the default 5 s is too tight).
jest.setTimeout(60_000);

const SEEDS = [1, 7];
const CHILDREN = ['contact_tags', 'contact_companies', 'contact_segments', 'notes'];
/** The fake answers fast; a generous budget keeps the client from pacing the tests. */
const FAST = { rateLimitPer10s: 100000 };

const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', '.000000Z');
const state = (updatedAt: number): TapState => ({ bookmarks: { contacts: { updated_at: iso(updatedAt) } }, currently_syncing: null });
const bookmark = (s: TapState, stream = 'contacts'): number => unix(s.bookmarks[stream]?.['updated_at']);
const ids = (records: JsonObject[]): string[] => records.map((r) => String(r['id']));
const since = (truth: GroundTruthRow[], from: number): Set<string> => new Set(truth.filter((r) => (r.updated_at ?? 0) >= from).map((r) => r.id));

function schemaOf(run: TapRun, stream: string): SchemaMessage {
  const m = run.messages.find((x) => x.type === 'SCHEMA' && x.stream === stream);
  if (!m || m.type !== 'SCHEMA') throw new Error(`no SCHEMA for ${stream}`);
  return m;
}

function expectNoDuplicates(keys: string[]): void {
  expect(keys.length).toBe(new Set(keys).size);
}

/** Every STATE promises that every contact with updated_at <= its bookmark was emitted before it. */
function expectStatesNeverAhead(run: TapRun, truth: GroundTruthRow[], start: number): void {
  const emitted = new Set<string>();
  let checked = 0;
  for (const m of run.messages) {
    if (m.type === 'RECORD' && m.stream === 'contacts') emitted.add(String(m.record['id']));
    if (m.type !== 'STATE' || m.value.bookmarks['contacts'] === undefined) continue;
    const v = bookmark(m.value);
    const missing = truth.filter((r) => (r.updated_at ?? 0) >= start && (r.updated_at ?? 0) <= v && !emitted.has(r.id));
    expect({ bookmark: v, missing: missing.length }).toEqual({ bookmark: v, missing: 0 });
    checked += 1;
  }
  expect(checked).toBeGreaterThan(0);
}

/** The second that most contacts share (the fake's bulk update). */
function bulkSecond(truth: GroundTruthRow[]): { second: number; count: number } {
  const counts = new Map<number, number>();
  for (const r of truth) counts.set(r.updated_at ?? 0, (counts.get(r.updated_at ?? 0) ?? 0) + 1);
  const [second, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [number, number];
  return { second, count };
}

describe('contacts: discovery', () => {
  it('names, keys, replication keys and automatic fields of contacts and its children', async () => {
    const fake = await startFakeIntercom({ seed: 1, counts: { contacts: 10 }, ...FAST });
    try {
      const catalog = await discover(fake);
      const meta = (name: string): Record<string, unknown> => catalog.streams.find((s) => s.tap_stream_id === name)?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata ?? {};
      const inclusion = (name: string, field: string): unknown => catalog.streams.find((s) => s.tap_stream_id === name)?.metadata.find((m) => m.breadcrumb[1] === field)?.metadata['inclusion'];
      expect(meta('contacts')).toMatchObject({ 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at'], 'forced-replication-method': 'INCREMENTAL' });
      expect(inclusion('contacts', 'id')).toBe('automatic');
      expect(inclusion('contacts', 'updated_at')).toBe('automatic');
      expect(inclusion('contacts', 'email')).toBe('available');
      for (const child of CHILDREN) {
        expect(meta(child)).toMatchObject({ 'table-key-properties': ['contact_id', 'id'], 'parent-tap-stream-id': 'contacts' });
        expect(inclusion(child, 'contact_id')).toBe('automatic');
        expect(inclusion(child, 'id')).toBe('automatic');
      }
    } finally {
      await fake.close();
    }
  });
});

describe.each(SEEDS)('contacts, seed %i', (seed) => {
  let fake: FakeIntercom;
  let truth: GroundTruthRow[];
  let full: TapRun;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: { contacts: 1000, companies: 20 }, ...FAST });
    truth = fake.groundTruth('contacts');
    full = await runTap(fake, { streams: ['contacts'], config: { page_size: 40 } });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('emits exactly the ground truth, once each, every record valid with all fields', () => {
    expect(full.error).toBeUndefined();
    const got = ids(full.records('contacts'));
    expectNoDuplicates(got);
    expect(new Set(got)).toEqual(new Set(truth.map((r) => r.id)));
    expectRecordsValid(full, 'contacts');
    // merge_history comes only from 2.16 with include_merge_history, enabled_push_messaging only from 2.16;
    // every other property is in every record.
    const props = Object.keys(schemaOf(full, 'contacts').schema.properties ?? {}).filter((p) => p !== 'merge_history' && p !== 'enabled_push_messaging');
    for (const record of full.records('contacts')) expect(props.filter((p) => !(p in record))).toEqual([]);
  });

  it('bookmarks the largest updated_at emitted, and no STATE ever runs ahead of the records', () => {
    const max = Math.max(...full.records('contacts').map((r) => unix(r['updated_at'])));
    expect(bookmark(full.state)).toBe(max);
    expectStatesNeverAhead(full, truth, 0);
    expect(full.states.length).toBeGreaterThan(2); // window prefixes checkpoint along the way
  });

  it('selects only the automatic fields when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: ['contacts'], fields: 'automatic', config: { page_size: 150 } });
    expect(run.records('contacts').length).toBe(truth.length);
    for (const r of run.records('contacts')) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
  });

  it('respects start_date: nothing older, nothing missing', async () => {
    const start = Math.max(...truth.map((r) => r.updated_at ?? 0)) - 200 * DAY + 4321;
    const run = await runTap(fake, { streams: ['contacts'], config: { page_size: 50, start_date: iso(start).replace('.000000Z', 'Z') } });
    for (const r of run.records('contacts')) expect(unix(r['updated_at'])).toBeGreaterThanOrEqual(start);
    expect(new Set(ids(run.records('contacts')))).toEqual(since(truth, start));
  });

  it.each([1, 8])('reads the exact ground truth at search_parallelism %i', async (parallelism) => {
    const run = await runTap(fake, { streams: ['contacts'], fields: 'automatic', config: { page_size: 30, search_parallelism: parallelism } });
    const got = ids(run.records('contacts'));
    expectNoDuplicates(got);
    expect(new Set(got)).toEqual(new Set(truth.map((r) => r.id)));
  });

  it('day rule: a bookmark in the middle of a day loses nothing later that day', async () => {
    // A contact updated in the afternoon; the bookmark a second before it, the same day.
    const target = truth.find((r) => (r.updated_at ?? 0) % DAY > 3600 && (r.updated_at ?? 0) % DAY < DAY - 3600) as GroundTruthRow;
    const from = (target.updated_at as number) - 1;
    const run = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: state(from), config: { page_size: 50 } });
    expect(new Set(ids(run.records('contacts')))).toEqual(since(truth, from));
    expect(ids(run.records('contacts'))).toContain(target.id);
    for (const r of run.records('contacts')) expect(unix(r['updated_at'])).toBeGreaterThanOrEqual(from);
  });

  it('a bulk update of hundreds sharing one second is never split, across pages and windows', async () => {
    const bulk = bulkSecond(truth);
    expect(bulk.count).toBeGreaterThanOrEqual(300);
    const from = bulk.second - 2 * DAY;
    const run = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: state(from), config: { page_size: 20, search_parallelism: 8 } });
    expect(new Set(ids(run.records('contacts')))).toEqual(since(truth, from));
    expectStatesNeverAhead(run, truth, from);
    // Resuming from a bookmark AT the bulk second reads the whole group again.
    const again = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: state(bulk.second), config: { page_size: 20 } });
    const members = truth.filter((r) => r.updated_at === bulk.second).map((r) => r.id);
    expect(ids(again.records('contacts'))).toEqual(expect.arrayContaining(members));
  });

  it('lookback_window re-reads the overlap before the bookmark', async () => {
    const b = bookmark(full.state) - 30 * DAY;
    const lookback = 5 * DAY + 17;
    const run = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: state(b), config: { page_size: 50, lookback_window: lookback } });
    expect(new Set(ids(run.records('contacts')))).toEqual(since(truth, b - lookback));
  });

  it('interrupted sync: resuming from a mid-run STATE brings back the full ground truth', () => {
    const midIndex = full.messages.findIndex((m, k) => m.type === 'STATE' && m.value.bookmarks['contacts'] !== undefined && k > full.messages.length / 2);
    expect(midIndex).toBeGreaterThan(0);
    const before = full.messages.slice(0, midIndex).flatMap((m) => (m.type === 'RECORD' && m.stream === 'contacts' ? [String(m.record['id'])] : []));
    const mid = full.messages[midIndex];
    if (mid?.type !== 'STATE') throw new Error('not a state');
    return runTap(fake, { streams: ['contacts'], fields: 'automatic', state: mid.value, config: { page_size: 50 } }).then((resumed) => {
      for (const r of resumed.records('contacts')) expect(unix(r['updated_at'])).toBeGreaterThanOrEqual(bookmark(mid.value));
      expect(new Set([...before, ...ids(resumed.records('contacts'))])).toEqual(new Set(truth.map((r) => r.id)));
    });
  });
});

describe.each(SEEDS)('contacts: incremental second run, seed %i', (seed) => {
  it('after updates emits exactly the changed records plus the boundary second; bookmark = largest emitted', async () => {
    const fake = await startFakeIntercom({ seed, counts: { contacts: 400, companies: 20 }, ...FAST });
    try {
      const first = await runTap(fake, { streams: ['contacts'], fields: 'automatic', config: { page_size: 50 } });
      const b1 = bookmark(first.state);
      const changed = fake.updateRecords('contacts', 9);
      const second = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: first.state, config: { page_size: 50 } });
      const boundary = fake.groundTruth('contacts').filter((r) => r.updated_at === b1).map((r) => r.id);
      expect(new Set(ids(second.records('contacts')))).toEqual(new Set([...changed, ...boundary]));
      expect(bookmark(second.state)).toBe(Math.max(...second.records('contacts').map((r) => unix(r['updated_at']))));
    } finally {
      await fake.close();
    }
  });

  it('day rule: contacts updated later on the bookmark day are not lost', async () => {
    const fake = await startFakeIntercom({ seed, counts: { contacts: 300, companies: 20 }, ...FAST });
    try {
      const first = await runTap(fake, { streams: ['contacts'], fields: 'automatic', config: { page_size: 50 } });
      const b1 = bookmark(first.state);
      // Later the same (UTC) day: a `updated_at > bookmark` search would skip these until tomorrow.
      fake.clock.set(Math.min(b1 + 1800, Math.floor(b1 / DAY) * DAY + DAY - 1));
      const changed = fake.updateRecords('contacts', 6);
      const second = await runTap(fake, { streams: ['contacts'], fields: 'automatic', state: first.state, config: { page_size: 50 } });
      expect(ids(second.records('contacts'))).toEqual(expect.arrayContaining(changed));
      expect(new Set(ids(second.records('contacts')))).toEqual(since(fake.groundTruth('contacts'), b1));
    } finally {
      await fake.close();
    }
  });
});

describe('contacts: filters pushed into the search', () => {
  let fake: FakeIntercom;
  let reference: TapRun;
  const of = (stream: string): Map<string, Set<string>> => {
    const map = new Map<string, Set<string>>();
    for (const r of reference.records(stream)) {
      const set = map.get(String(r['contact_id'])) ?? new Set<string>();
      set.add(String(r['id']));
      map.set(String(r['contact_id']), set);
    }
    return map;
  };
  const withAny = (stream: string, wanted: string[]): Set<string> => {
    const out = new Set<string>();
    for (const [contact, set] of of(stream)) if (wanted.some((w) => set.has(w))) out.add(contact);
    return out;
  };
  const intersect = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => b.has(x)));

  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 5, counts: { contacts: 150, companies: 40 }, ...FAST });
    reference = await runTap(fake, { streams: ['contacts', 'contact_tags', 'contact_companies', 'contact_segments'], config: { page_size: 50 } });
    expect(reference.error).toBeUndefined();
  });
  afterAll(async () => {
    await fake.close();
  });

  const run = async (config: Record<string, unknown>): Promise<string[]> => {
    const r = await runTap(fake, { streams: ['contacts'], fields: 'all', config: { page_size: 10, ...config } });
    expect(r.error).toBeUndefined();
    const got = ids(r.records('contacts'));
    expectNoDuplicates(got);
    return got;
  };

  it('contact_role: only that role, and fewer search pages than without the filter (filtered by Intercom, not by us)', async () => {
    fake.resetStats();
    const got = await run({ contact_role: 'lead', search_parallelism: 1 });
    const filteredPages = fake.stats().byRoute['POST /contacts/search'] ?? 0;
    fake.resetStats();
    await run({ search_parallelism: 1 });
    const allPages = fake.stats().byRoute['POST /contacts/search'] ?? 0;
    const leads = reference.records('contacts').filter((r) => r['role'] === 'lead').map((r) => String(r['id']));
    expect(leads.length).toBeGreaterThan(0);
    expect(new Set(got)).toEqual(new Set(leads));
    expect(filteredPages).toBeLessThan(allPages);
  });

  it('segment_ids: contacts in any of the segments', async () => {
    const segments = [...new Set(reference.records('contact_segments').map((r) => String(r['id'])))].slice(1, 3);
    expect(new Set(await run({ segment_ids: segments }))).toEqual(withAny('contact_segments', segments));
  });

  it('tag_ids beyond 15 (chunked queries): contacts with any of the tags, each once', async () => {
    const tags = [...new Set(reference.records('contact_tags').map((r) => String(r['id'])))];
    expect(tags.length).toBeGreaterThan(MAX_FILTERS_PER_GROUP);
    expect(new Set(await run({ tag_ids: tags }))).toEqual(withAny('contact_tags', tags));
  });

  it('company_ids and tag_ids beyond 15 together, with a role: the intersection', async () => {
    const companies = [...new Set(reference.records('contact_companies').map((r) => String(r['id'])))].slice(0, 22);
    const tags = [...new Set(reference.records('contact_tags').map((r) => String(r['id'])))].slice(0, 18);
    const users = new Set(reference.records('contacts').filter((r) => r['role'] === 'user').map((r) => String(r['id'])));
    const expected = intersect(intersect(withAny('contact_companies', companies), withAny('contact_tags', tags)), users);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(await run({ company_ids: companies, tag_ids: tags, contact_role: 'user' }))).toEqual(expected);
  });

  it('API 2.16 (sort ascending is sent): the same contacts', async () => {
    expect(contactSortSupported('2.16')).toBe(true);
    expect(contactSortSupported('2.11')).toBe(false);
    expect(new Set(await run({ api_version: '2.16' }))).toEqual(new Set(ids(reference.records('contacts'))));
  });

  it('contact_ids: exactly those contacts by id, no search; a missing one is a warning', async () => {
    const wanted = ids(reference.records('contacts')).slice(3, 6);
    fake.resetStats();
    const r = await runTap(fake, { streams: ['contacts'], config: { contact_ids: [...wanted, '0000000000000000000000ff'] } });
    expect(r.error).toBeUndefined();
    expect(ids(r.records('contacts')).sort()).toEqual([...wanted].sort());
    expect(fake.stats().byRoute['POST /contacts/search']).toBeUndefined();
    expect(r.summary?.warnings.map((w) => w.code)).toEqual(['contact_not_found']);
  });
});

describe('contactFilterSets', () => {
  const depth = (node: SearchFilter): number => (Array.isArray(node['value']) && (node['operator'] === 'AND' || node['operator'] === 'OR') ? 1 + Math.max(...(node['value'] as SearchFilter[]).map(depth)) : 0);
  const groups = (node: SearchFilter): SearchFilter[] => (node['operator'] === 'AND' || node['operator'] === 'OR' ? [node, ...(node['value'] as SearchFilter[]).flatMap(groups)] : []);

  it('no filter: one query with the date range only', () => {
    expect(contactFilterSets({})).toEqual([[]]);
  });

  it('cuts id lists into groups of at most 15 and covers every combination', () => {
    const segs = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const sets = contactFilterSets({ segment_ids: segs, tag_ids: tags, contact_role: 'user' });
    expect(sets).toHaveLength(3 * 2);
    for (const set of sets) {
      const query = contactSearchQuery(set, 100, 200);
      expect(depth(query)).toBeLessThanOrEqual(2);
      for (const g of groups(query)) expect((g['value'] as unknown[]).length).toBeLessThanOrEqual(MAX_FILTERS_PER_GROUP);
    }
    const values = (field: string): Set<string> => new Set(sets.flatMap((s) => JSON.stringify(s).match(new RegExp(`"field":"${field}","operator":"=","value":"[^"]+"`, 'g')) ?? []).map((m) => m.replace(/.*"value":"/, '').replace(/"$/, '')));
    expect(values('segment_id')).toEqual(new Set(segs));
    expect(values('tag_id')).toEqual(new Set(tags));
    // Each query takes one segment chunk and one tag chunk: every (segment chunk, tag chunk) pair appears once.
    const pairs = new Set(sets.map((s) => JSON.stringify(s.slice(1))));
    expect(pairs.size).toBe(6);
  });
});
