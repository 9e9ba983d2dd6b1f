/**
 * The fault matrix: each retryable fault against each kind of stream. Every run must end without error
 * and with exactly the ground truth, no duplicates, and the bookmark at the newest record.
 * Retry delays go through the injected sleep (recorded, slept for a few ms), so the suite stays fast.
 */
import { startFakeIntercom, type FailKind, type FakeIntercom, type FaultConfig } from '../fake-intercom';
import type { Catalog } from '../../src/singer/types';
import { STREAMS } from '../../src/streams/registry';
import { discoverCatalog, faultRun, SECRET, TokenScan, type FaultRun } from './harness';
import { expectedBookmark, KINDS, recordKey, SMALL_COUNTS, START_DATE, truthKeys, type StreamKind } from './stream-kinds';

interface Fault {
  name: string;
  kind: FailKind;
  /** Rate of this fault over the kind's routes (besides the one-shots), where a rate applies. */
  rate?: Partial<FaultConfig>;
}

const FAULTS: readonly Fault[] = [
  { name: '429 with X-RateLimit-Reset', kind: 'rate_limit' },
  { name: '5xx', kind: 'server_error', rate: { serverErrorRate: 0.2 } },
  { name: 'connection reset', kind: 'reset', rate: { resetRate: 0.15 } },
  { name: 'request that never answers (request_timeout 0.5 s)', kind: 'hang', rate: { hangRate: 0.04 } },
  { name: '200 with an empty body', kind: 'empty', rate: { emptyBodyRate: 0.2 } },
  { name: '200 with a non-JSON body', kind: 'non_json', rate: { nonJsonRate: 0.2 } },
];

const scan = new TokenScan();
let fake: FakeIntercom;
const catalogs = new Map<string, Catalog>();

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 11, counts: SMALL_COUNTS, token: SECRET });
  for (const kind of KINDS) catalogs.set(kind.kind, await discoverCatalog(fake, kind.streams));
});

afterAll(async () => {
  await fake?.close();
});

function faultsFor(kind: StreamKind, fault: Fault): FaultConfig {
  // Two one-shots on the first data route: the very first request fails twice in a row.
  const oneShots = { failNext: [{ kind: fault.kind, route: kind.routes[0] as string, count: 2 }] };
  if (kind.boundedFaults || !fault.rate) return oneShots;
  return { ...oneShots, routes: [...kind.routes], ...fault.rate };
}

/** How many times the run met a fault: client retries, scroll restarts, rate-limit waits of a stream rule. */
function faultsMet(run: FaultRun): number {
  const retries = run.events.filter((e) => e.kind === 'retry').length;
  const restarts = run.summary?.warnings.filter((w) => /restart/.test(w.code)).length ?? 0;
  const streamWaits = run.logs.filter((l) => /^WARN .*(rate limit|429)/i.test(l)).length;
  return retries + restarts + streamWaits + run.sleeps.filter((ms) => ms >= 250).length;
}

function expectGroundTruth(run: FaultRun, kind: StreamKind, source: FakeIntercom = fake): void {
  for (const stream of kind.streams) {
    const got = run.records(stream).map((r) => recordKey(stream, r));
    const want = truthKeys(source, stream);
    expect({ stream, missing: want.filter((k) => !got.includes(k)).length }).toEqual({ stream, missing: 0 });
    expect({ stream, extra: [...new Set(got)].filter((k) => !want.includes(k)) }).toEqual({ stream, extra: [] });
    expect({ stream, duplicates: got.length - new Set(got).size }).toEqual({ stream, duplicates: 0 });
    // Every stream with a replication key of its own ends at its newest record (children included).
    const def = STREAMS.find((d) => d.name === stream);
    const key = def?.replication.method === 'INCREMENTAL' ? def.replication.keys[0] : undefined;
    if (key !== undefined) {
      expect({ stream, bookmark: run.state.bookmarks[stream]?.[key] }).toEqual({ stream, bookmark: expectedBookmark(source, stream, key) });
    }
  }
  expect(run.state.currently_syncing).toBeNull();
  expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
}

describe.each(KINDS.map((k) => [k.kind, k] as const))('%s streams', (_name, kind) => {
  it.each(FAULTS.map((f) => [f.name, f] as const))('survive %s with the exact ground truth', async (_f, fault) => {
    fake.setFaults(faultsFor(kind, fault));
    try {
      const result = await faultRun(fake, {
        streams: kind.streams,
        catalog: catalogs.get(kind.kind) as Catalog,
        config: { start_date: START_DATE, max_retries: 8 },
      });
      scan.add(`${kind.kind} / ${fault.name}`, result.allText);
      expect(result.error === undefined ? null : String(result.error)).toBeNull();
      expect(faultsMet(result)).toBeGreaterThan(0);
      expectGroundTruth(result, kind);
    } finally {
      fake.setFaults({});
    }
  });
});

/** Arms `faults` once `route` has served `after` requests: a fault in the middle of a read, not at its start. */
function armAfter(target: FakeIntercom, route: string, after: number, faults: FaultConfig): () => void {
  const timer = setInterval(() => {
    if ((target.stats().byRoute[route] ?? 0) >= after) {
      target.setFaults(faults);
      clearInterval(timer);
    }
  }, 0);
  return () => clearInterval(timer);
}

describe('scroll faults after the first page', () => {
  const scroll = KINDS.find((k) => k.kind === 'scroll') as StreamKind;
  // A lost page leaves the scroll open on the server: the restart meets scroll_exists and waits (65 s) for
  // it to expire (60 s idle). Scaled down here: scrolls expire after 1 s idle, a wait of a minute or more
  // lasts 1.1 s, every other wait (backoff, 429 reset) a few ms.
  const EXPIRY_MS = 1000;
  const sleepMs = (asked: number): number => (asked >= 60_000 ? EXPIRY_MS + 100 : Math.min(asked, 5));
  let scrollFake: FakeIntercom;
  let catalog: Catalog;
  beforeAll(async () => {
    scrollFake = await startFakeIntercom({ seed: 12, counts: SMALL_COUNTS, token: SECRET, scrollExpiryMs: EXPIRY_MS });
    catalog = await discoverCatalog(scrollFake, scroll.streams);
  });
  afterAll(async () => {
    await scrollFake?.close();
  });

  it.each(FAULTS.map((f) => [f.name, f] as const))('%s mid-scroll: restarted, exact ground truth, no duplicates', async (_f, fault) => {
    scrollFake.resetStats();
    const disarm = armAfter(scrollFake, 'GET /companies/scroll', 1, { failNext: [{ kind: fault.kind, route: 'GET /companies/scroll' }] });
    try {
      const result = await faultRun(scrollFake, {
        streams: scroll.streams,
        catalog,
        config: { start_date: START_DATE },
        sleepMs,
      });
      scan.add(`mid-scroll / ${fault.name}`, result.allText);
      expect(result.error === undefined ? null : String(result.error)).toBeNull();
      expect(scrollFake.stats().byRoute['GET /companies/scroll']).toBeGreaterThan(3);
      expect(faultsMet(result)).toBeGreaterThan(0);
      expectGroundTruth(result, scroll, scrollFake);
    } finally {
      disarm();
      scrollFake.setFaults({});
    }
  });
});

describe('429 waits until X-RateLimit-Reset', () => {
  it('the retry after an injected 429 lands just after the end of the fake rate window', async () => {
    const plain = KINDS[0] as StreamKind;
    fake.setFaults({ failNext: [{ kind: 'rate_limit', route: 'GET /tags' }] });
    try {
      const result = await faultRun(fake, { streams: ['tags'], catalog: catalogs.get(plain.kind) as Catalog, config: { start_date: START_DATE } });
      scan.add('429 reset wait', result.allText);
      expect(result.error).toBeUndefined();
      const retry = result.events.find((e) => e.kind === 'retry' && /429/.test(e.reason));
      if (retry?.kind !== 'retry') throw new Error('no retry after the 429');
      // The fake's rate windows are 10 s of wall time and X-RateLimit-Reset is the end of the current one:
      // the retry must wake 250 ms (the margin) after a window edge. Backoff alone would land anywhere.
      expect(retry.delayMs).toBeGreaterThanOrEqual(250);
      expect(retry.delayMs).toBeLessThanOrEqual(10_250);
      const phase = (retry.at + retry.delayMs) % 10_000;
      expect(phase).toBeGreaterThanOrEqual(240);
      expect(phase).toBeLessThanOrEqual(400);
      expect(result.records('tags').length).toBe(truthKeys(fake, 'tags').length);
    } finally {
      fake.setFaults({});
    }
  });
});

/** The token check of every run above, as a test of its own (a leak fails it; an afterAll would not count). */
it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
