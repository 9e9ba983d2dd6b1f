import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { expectRecordsValid } from '../helpers/conformance';
import { clientFor, discover, quietLogger, runTap, tapConfig, type TapRun } from '../helpers/run-tap';
import type { JsonObject, RawRecord } from '../../src/common/json';
import { companyReaders } from '../../src/streams/companies';
import { SCROLL_EXISTS_MAX_WAITS, SCROLL_MAX_RESTARTS } from '../../src/streams/company-scroll';
import type { ReadBounds, ReadContext, ReadEvent } from '../../src/engine/contract';

const COUNTS = { companies: 120, contacts: 200 };
/** A generous rate budget: the client paces by the fake's headers, and these tests are about data, not pacing. */
const FAST = { rateLimitPer10s: 100_000 };
const unix = (iso: unknown): number => Math.floor(Date.parse(String(iso)) / 1000);
const ids = (records: JsonObject[], key = 'id'): string[] => records.map((r) => String(r[key]));
const pairs = (records: JsonObject[]): string[] => records.map((r) => `${String(r['company_id'])}/${String(r['contact_id'])}`);
const restarts = (run: TapRun): number => (run.summary?.warnings ?? []).filter((w) => w.code === 'companies_scroll_restarted').length;

describe.each([1, 7])('companies and company_contacts conformance, seed %i', (seed) => {
  let fake: FakeIntercom;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: COUNTS, ...FAST });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('discovery: keys, replication keys, inclusion', async () => {
    const catalog = await discover(fake);
    const entry = (name: string) => catalog.streams.find((s) => s.tap_stream_id === name);
    const root = (name: string) => entry(name)?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
    const inclusion = (name: string, field: string) => entry(name)?.metadata.find((m) => m.breadcrumb[1] === field)?.metadata['inclusion'];
    expect(entry('companies')?.key_properties).toEqual(['id']);
    expect(root('companies')?.['valid-replication-keys']).toEqual(['updated_at']);
    expect(root('companies')?.['forced-replication-method']).toBe('INCREMENTAL');
    expect(inclusion('companies', 'id')).toBe('automatic');
    expect(inclusion('companies', 'updated_at')).toBe('automatic');
    expect(inclusion('companies', 'name')).toBe('available');
    expect(entry('company_contacts')?.key_properties).toEqual(['company_id', 'contact_id']);
    expect(root('company_contacts')?.['parent-tap-stream-id']).toBe('companies');
    expect(inclusion('company_contacts', 'company_id')).toBe('automatic');
    expect(inclusion('company_contacts', 'contact_id')).toBe('automatic');
  });

  let full: TapRun;
  it('all fields: valid records, ids equal the ground truth, no duplicates, children complete', async () => {
    full = await runTap(fake, { streams: ['companies', 'company_contacts'], config: { page_size: 10 } });
    expect(full.error).toBeUndefined();
    expectRecordsValid(full, 'companies');
    expectRecordsValid(full, 'company_contacts');
    const got = ids(full.records('companies'));
    expect(got).toHaveLength(COUNTS.companies);
    expect(new Set(got)).toEqual(new Set(fake.groundTruth('companies').map((r) => r.id)));
    expect(Object.keys(full.records('companies')[0] ?? {})).toEqual(expect.arrayContaining(['name', 'plan', 'custom_attributes', 'tags', 'created_at']));
    const truth = fake.groundTruth('company_contacts').map((r) => `${r.parent_id}/${r.id}`);
    const childPairs = pairs(full.records('company_contacts'));
    expect(childPairs).toHaveLength(truth.length);
    expect(new Set(childPairs)).toEqual(new Set(truth));
    // Companies without contacts yield nothing (and there are some: the fake never attaches the last 10 %).
    const withContacts = new Set(fake.groundTruth('company_contacts').map((r) => r.parent_id));
    expect(withContacts.size).toBeLessThan(COUNTS.companies);
    expect(new Set(full.records('company_contacts').map((r) => String(r['company_id'])))).toEqual(withContacts);
    for (const r of full.records('company_contacts')) expect(r['contact_id']).toBe(r['id']);
    const max = Math.max(...fake.groundTruth('companies').map((r) => r.updated_at ?? 0));
    expect(unix((full.state.bookmarks['companies'] as JsonObject)['updated_at'])).toBe(max);
    expect(full.state.bookmarks['company_contacts']).toEqual(full.state.bookmarks['companies']);
    expect(restarts(full)).toBe(0);
  });

  it('automatic fields only when nothing else is selected', async () => {
    const run = await runTap(fake, { streams: ['companies', 'company_contacts'], fields: 'automatic' });
    expect(run.error).toBeUndefined();
    for (const r of run.records('companies')) expect(Object.keys(r).sort()).toEqual(['id', 'updated_at']);
    for (const r of run.records('company_contacts')) expect(Object.keys(r).sort()).toEqual(['company_id', 'contact_id']);
    expect(run.records('companies')).toHaveLength(COUNTS.companies);
  });

  it('start date: nothing older, everything newer', async () => {
    const times = fake.groundTruth('companies').map((r) => r.updated_at ?? 0).sort((a, b) => a - b);
    const cut = times[Math.floor(times.length / 2)] as number;
    const run = await runTap(fake, { streams: ['companies'], config: { start_date: new Date(cut * 1000).toISOString() } });
    expect(run.error).toBeUndefined();
    const got = run.records('companies');
    for (const r of got) expect(unix(r['updated_at'])).toBeGreaterThanOrEqual(cut);
    expect(new Set(ids(got))).toEqual(new Set(fake.groundTruth('companies').filter((r) => (r.updated_at ?? 0) >= cut).map((r) => r.id)));
  });

  it('interrupted sync: a run failing in the children keeps the bookmark; resuming brings the full ground truth', async () => {
    fake.setFaults({ failNext: [{ kind: 'unauthorized', route: 'GET /companies/{id}/contacts' }] });
    const broken = await runTap(fake, { streams: ['companies', 'company_contacts'] });
    fake.setFaults({});
    expect(broken.error).toBeDefined();
    // The checkpoint waits for the children: nothing is bookmarked past unread children.
    expect(broken.state.bookmarks['companies']).toBeUndefined();
    const resumed = await runTap(fake, { streams: ['companies', 'company_contacts'], state: broken.state });
    expect(resumed.error).toBeUndefined();
    const union = new Set([...ids(broken.records('companies')), ...ids(resumed.records('companies'))]);
    expect(union).toEqual(new Set(fake.groundTruth('companies').map((r) => r.id)));
    const childUnion = new Set([...pairs(broken.records('company_contacts')), ...pairs(resumed.records('company_contacts'))]);
    expect(childUnion).toEqual(new Set(fake.groundTruth('company_contacts').map((r) => `${r.parent_id}/${r.id}`)));
  });

  it('bookmarks: the next run emits exactly the changed companies and the children of exactly those', async () => {
    const before = full.state;
    const oldMark = unix((before.bookmarks['companies'] as JsonObject)['updated_at']);
    const changed = fake.updateRecords('companies', 6);
    const run = await runTap(fake, { streams: ['companies', 'company_contacts'], state: before });
    expect(run.error).toBeUndefined();
    const got = ids(run.records('companies'));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expect.arrayContaining(changed));
    // Anything else is the boundary overlap: records sharing the old bookmark's second.
    for (const r of run.records('companies').filter((x) => !changed.includes(String(x['id'])))) expect(unix(r['updated_at'])).toBe(oldMark);
    const max = Math.max(...run.records('companies').map((r) => unix(r['updated_at'])));
    expect(unix((run.state.bookmarks['companies'] as JsonObject)['updated_at'])).toBe(max);
    const parents = new Set(got);
    const expectedChildren = fake.groundTruth('company_contacts').filter((r) => parents.has(r.parent_id ?? ''));
    expect(new Set(pairs(run.records('company_contacts')))).toEqual(new Set(expectedChildren.map((r) => `${r.parent_id}/${r.id}`)));
    expect(run.records('company_contacts')).toHaveLength(expectedChildren.length);
  });
});

describe('companies scroll faults', () => {
  it('scroll_exists: waits at least a minute each time, then succeeds', async () => {
    const fake = await startFakeIntercom({ seed: 2, counts: COUNTS });
    fake.setFaults({ scrollExists: true });
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      if (waits.length === 2) fake.setFaults({});
    };
    const run = await runTap(fake, { streams: ['companies'], sleep });
    await fake.close();
    expect(run.error).toBeUndefined();
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(60_000);
    expect(new Set(ids(run.records('companies')))).toEqual(new Set(fake.groundTruth('companies').map((r) => r.id)));
  });

  it('scroll_exists that never clears: a bounded number of waits, then a message naming another app', async () => {
    const fake = await startFakeIntercom({ seed: 2, counts: COUNTS });
    fake.setFaults({ scrollExists: true });
    const waits: number[] = [];
    const run = await runTap(fake, { streams: ['companies'], sleep: async (ms) => void waits.push(ms) });
    await fake.close();
    expect(waits).toHaveLength(SCROLL_EXISTS_MAX_WAITS);
    expect(String((run.error as Error).message)).toMatch(/another app \(or another tap run\) is scrolling this workspace's companies/);
    expect(run.records('companies')).toHaveLength(0);
    expect(run.state.bookmarks['companies']).toBeUndefined();
  });

  it('a 500 "restart the scroll" on the first page restarts; the ids are exact', async () => {
    const fake = await startFakeIntercom({ seed: 3, counts: COUNTS });
    fake.setFaults({ failNext: [{ kind: 'scroll_restart', route: 'GET /companies/scroll' }] });
    const run = await runTap(fake, { streams: ['companies'] });
    await fake.close();
    expect(run.error).toBeUndefined();
    expect(restarts(run)).toBe(1);
    expect(ids(run.records('companies')).sort()).toEqual(fake.groundTruth('companies').map((r) => r.id).sort());
  });

  it('company ids are collected before any child request: the scroll never idles into expiry while children are read', async () => {
    // The fake's wall clock moves 10 s per request it receives: scroll pages back to back idle 10 s, but a
    // scroll page followed by the children of its companies (6 or more requests) idles past the minute.
    const base = Date.now();
    let counter: FakeIntercom | undefined;
    const fake = await startFakeIntercom({ seed: 4, counts: COUNTS, ...FAST, wallClock: () => base + (counter?.stats().totalRequests ?? 0) * 10_000 });
    counter = fake;
    const run = await runTap(fake, { streams: ['companies', 'company_contacts'] });
    await fake.close();
    expect(run.error).toBeUndefined();
    expect(restarts(run)).toBe(0);
    expect(run.records('companies')).toHaveLength(COUNTS.companies);
    expect(new Set(pairs(run.records('company_contacts')))).toEqual(new Set(fake.groundTruth('company_contacts').map((r) => `${r.parent_id}/${r.id}`)));
  });
});

/**
 * Mid-scroll faults, driving the reader directly over real HTTP with a slow consumer: the fake's wall
 * clock is ours, so "the consumer took two minutes" costs nothing, and the scroll_exists wait moves it too.
 */
describe('companies scroll restarts mid-scroll', () => {
  let wall = Date.UTC(2026, 0, 2);
  let fake: FakeIntercom;
  beforeEach(async () => {
    fake = await startFakeIntercom({ seed: 5, counts: COUNTS, wallClock: () => wall });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function readAll(afterPage: (page: number) => void, bounds?: ReadBounds): Promise<{ records: RawRecord[]; warnings: string[]; waits: number[]; error?: unknown }> {
    const config = tapConfig(fake);
    const logger = quietLogger();
    const client = clientFor(config, logger);
    const warnings: string[] = [];
    const waits: number[] = [];
    const ctx: ReadContext = {
      client, config, logger, signal: new AbortController().signal, pageSize: 10, parallelism: 2,
      warn: (code) => void warnings.push(code),
      sleep: async (ms) => {
        waits.push(ms);
        wall += ms;
      },
      ...(bounds ? { bounds } : {}),
    };
    const records: RawRecord[] = [];
    let page = 0;
    try {
      for await (const event of companyReaders['companies']?.read?.(ctx) as AsyncIterable<ReadEvent>) {
        if (event.kind !== 'records') continue;
        records.push(...event.records);
        afterPage(++page);
      }
      return { records, warnings, waits };
    } catch (error) {
      return { records, warnings, waits, error };
    } finally {
      await client.close();
    }
  }

  const truthIds = (): string[] => fake.groundTruth('companies').map((r) => r.id).sort();

  it('an idle scroll expires (404): restart from the beginning, every company exactly once', async () => {
    const out = await readAll((page) => {
      if (page === 1) wall += 2 * 60_000; // a slow consumer: the scroll idles past its minute
    });
    expect(out.error).toBeUndefined();
    expect(out.warnings).toEqual(['companies_scroll_restarted']);
    expect(out.records.map((r) => String(r['id'])).sort()).toEqual(truthIds());
  });

  it('a 500 in the middle: restart, every company exactly once', async () => {
    const out = await readAll((page) => {
      if (page === 2) fake.setFaults({ failNext: [{ kind: 'scroll_restart', route: 'GET /companies/scroll' }] });
    });
    expect(out.error).toBeUndefined();
    expect(out.warnings).toEqual(['companies_scroll_restarted']);
    expect(out.records.map((r) => String(r['id'])).sort()).toEqual(truthIds());
  });

  it('a lost answer (connection reset) is not retried blindly: restart, wait out our own old scroll, exact ids', async () => {
    const out = await readAll((page) => {
      if (page === 1) fake.setFaults({ failNext: [{ kind: 'reset', route: 'GET /companies/scroll' }] });
    });
    expect(out.error).toBeUndefined();
    expect(out.warnings).toEqual(['companies_scroll_restarted']);
    expect(out.records.map((r) => String(r['id'])).sort()).toEqual(truthIds());
  });

  it('a 429 re-sends the same page: no restart, exact ids', async () => {
    const out = await readAll((page) => {
      if (page === 1) fake.setFaults({ failNext: [{ kind: 'rate_limit', route: 'GET /companies/scroll' }] });
    });
    expect(out.error).toBeUndefined();
    expect(out.warnings).toEqual([]);
    expect(out.waits.length).toBe(1);
    expect(out.records.map((r) => String(r['id'])).sort()).toEqual(truthIds());
  });

  it('a scroll that keeps failing gives up after a bounded number of restarts, with a clear message', async () => {
    const out = await readAll((page) => {
      if (page === 1) fake.setFaults({ failNext: [{ kind: 'scroll_restart', route: 'GET /companies/scroll', count: 100 }] });
    });
    expect(out.warnings).toHaveLength(SCROLL_MAX_RESTARTS);
    expect(String((out.error as Error).message)).toMatch(/companies scroll failed 4 times .*gave up after 3 restarts/);
    expect(new Set(out.records.map((r) => String(r['id']))).size).toBe(out.records.length);
  });

  it('incremental: records outside the bounds are passed on (the engine filters), the checkpoint is the largest updated_at inside', async () => {
    const times = fake.groundTruth('companies').map((r) => r.updated_at ?? 0).sort((a, b) => a - b);
    const bounds: ReadBounds = { key: 'updated_at', kind: 'datetime', start: times[40] as number, end: times[100] as number };
    const config = tapConfig(fake);
    const logger = quietLogger();
    const client = clientFor(config, logger);
    const ctx: ReadContext = { client, config, logger, signal: new AbortController().signal, pageSize: 10, parallelism: 2, warn: () => undefined, bounds };
    const events: ReadEvent[] = [];
    for await (const e of companyReaders['companies']?.read?.(ctx) as AsyncIterable<ReadEvent>) events.push(e);
    await client.close();
    const yielded = events.flatMap((e) => (e.kind === 'records' ? e.records : []));
    expect(yielded).toHaveLength(COUNTS.companies);
    expect(yielded.some((r) => (r['updated_at'] as number) > bounds.end)).toBe(true);
    const checkpoints = events.filter((e) => e.kind === 'checkpoint');
    expect(checkpoints).toEqual([{ kind: 'checkpoint', value: bounds.end }]);
    expect(events[events.length - 1]).toEqual({ kind: 'checkpoint', value: bounds.end });
  });
});

describe('companies_endpoint: list', () => {
  it('warns that companies without contacts are left out, and returns exactly those with contacts', async () => {
    const fake = await startFakeIntercom({ seed: 6, counts: COUNTS });
    const run = await runTap(fake, { streams: ['companies'], config: { companies_endpoint: 'list', page_size: 15 } });
    await fake.close();
    expect(run.error).toBeUndefined();
    expect(run.summary?.warnings.map((w) => w.code)).toContain('companies_list_mode');
    expect(run.summary?.warnings.find((w) => w.code === 'companies_list_mode')?.message).toMatch(/without contacts/);
    const withContacts = new Set(fake.groundTruth('company_contacts').map((r) => r.parent_id));
    const got = ids(run.records('companies'));
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(withContacts);
    expect(fake.stats().byRoute['GET /companies/scroll'] ?? 0).toBe(0);
  });

  it('fails clearly when the workspace has more companies than the list endpoint gives', async () => {
    const fake = await startFakeIntercom({ seed: 6, counts: { companies: 12_000, contacts: 40_000 } });
    const run = await runTap(fake, { streams: ['companies'], config: { companies_endpoint: 'list' } });
    await fake.close();
    expect(String((run.error as Error).message)).toMatch(/stops at 10000: set companies_endpoint to "scroll"/);
  });
});

