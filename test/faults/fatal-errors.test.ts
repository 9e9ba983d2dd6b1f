/**
 * Answers that must not be retried fail fast and clearly. A stream the workspace does not offer (403,
 * 404 on its collection, 400 intercom_version_invalid, 422 pointing elsewhere, on its first request) is
 * skipped with one warning and the run exits 0 (skip_unavailable_streams, former name
 * skip_forbidden_streams); a 401 stops the whole run at once; a stream whose retries run out fails
 * alone: the others complete, the run exits 1 with one line per failed stream (endpoint, status,
 * Intercom code, request id) last, and a final STATE from which the next run loses nothing.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import type { Catalog, TapState } from '../../src/singer/types';
import { Writable } from 'node:stream';
import { IntercomApiError } from '../../src/common/errors';
import { buildDefaultCatalog } from '../../src/tap/discover';
import { configFile, discoverCatalog, errorText, faultRun, jsonFile, runCliInProcess, SECRET, TokenScan, type CliRun } from './harness';
import { recordKey, SMALL_COUNTS, START_DATE, truthKeys } from './stream-kinds';

const scan = new TokenScan();
let fake: FakeIntercom;
let catalogFile: string;

const REQUEST_ID = /request id [0-9a-f-]{8,}/;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 21, counts: SMALL_COUNTS, token: SECRET });
  catalogFile = jsonFile(await discoverCatalog(fake, ['tags', 'admins']));
});

afterAll(async () => {
  await fake?.close();
});

async function cli(label: string, config: Record<string, unknown>, extra: string[] = [], target: FakeIntercom = fake, catalog = catalogFile): Promise<CliRun> {
  const run = await runCliInProcess(['--config', configFile(target, { start_date: START_DATE, rate_limit_per_10s: 100000, ...config }), '--catalog', catalog, ...extra]);
  scan.add(label, `${run.stdout}\n${run.stderr}`);
  return run;
}

/** The one ERROR line of a failed run. */
function failureLine(run: CliRun): string {
  const errors = run.errorLines.filter((l) => /\bERROR\b/.test(l));
  expect(errors).toHaveLength(1);
  return errors[0] as string;
}

/** The last stderr lines of a run (METRIC lines aside). */
function lastLines(run: CliRun, n: number): string[] {
  return run.errorLines.slice(-n);
}

function records(run: CliRun, stream: string): string[] {
  return run.messages.flatMap((m) => (m.type === 'RECORD' && m.stream === stream ? [recordKey(stream, m.record)] : []));
}

/** Each stream's records are exactly the ground truth (no duplicate). */
function expectComplete(run: CliRun, target: FakeIntercom, streams: readonly string[]): void {
  for (const stream of streams) {
    const got = records(run, stream);
    expect({ stream, unique: new Set(got).size }).toEqual({ stream, unique: got.length });
    expect({ stream, keys: [...got].sort() }).toEqual({ stream, keys: [...truthKeys(target, stream)].sort() });
  }
}

describe('no selected stream is available: exit 1, one line per stream', () => {
  afterEach(() => fake.setFaults({}));

  it('400 intercom_version_invalid everywhere (a wrong api_version): no retry, endpoint, status, code and request id named', async () => {
    fake.resetStats();
    const run = await cli('400', { api_version: '9.99', max_retries: 5 });
    expect(run.code).toBe(1);
    const errors = run.errorLines.filter((l) => /\bERROR\b/.test(l));
    expect(errors).toHaveLength(2);
    expect(lastLines(run, 2)).toEqual(errors);
    for (const stream of ['tags', 'admins']) {
      const line = errors.find((l) => l.includes(`stream ${stream} is unavailable`)) ?? '';
      expect(line).toMatch(new RegExp(`no selected stream is available: stream ${stream} is unavailable \\(GET /${stream} → 400 intercom_version_invalid, request id [0-9a-f-]{8,}\\)`));
      expect(line).toMatch(/Intercom-Version 9\.99 does not offer this endpoint: set api_version/);
    }
    expect(fake.stats().statusCounts['400']).toBe(2); // one per stream, no retry
    expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
  });

  it('404 everywhere (a wrong base_url): no retry, names the endpoint and not_found', async () => {
    fake.resetStats();
    const run = await cli('404', { base_url: `${fake.url}/not-the-api`, max_retries: 5 });
    expect(run.code).toBe(1);
    const errors = run.errorLines.filter((l) => /\bERROR\b/.test(l));
    expect(errors).toHaveLength(2);
    for (const line of errors) expect(line).toMatch(/GET \/not-the-api\/(tags|admins) → 404 not_found, request id [0-9a-f-]{8,}/);
    expect(fake.stats().statusCounts['404']).toBe(2);
  });
});

describe('401 stops the whole run at once', () => {
  afterEach(() => fake.setFaults({}));

  it('"authentication failed: check access_token and region", one ERROR line and no INFO "failed" line, exit 1, no retry', async () => {
    fake.resetStats();
    fake.setFaults({ failNext: [{ kind: 'unauthorized', count: 1 }] });
    const run = await cli('401', { max_retries: 5 });
    expect(run.code).toBe(1);
    expect(failureLine(run)).toMatch(/authentication failed: check access_token and region \(GET \/(tags|admins) → 401 unauthorized, request id /);
    expect(run.errorLines[run.errorLines.length - 1]).toMatch(/ERROR authentication failed/);
    expect(run.errorLines.filter((l) => /: (failed|interrupted)\b/.test(l))).toEqual([]);
    expect(fake.stats().statusCounts['401']).toBe(1);
    expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
  });
});

describe('401 in one stream', () => {
  it('stops every other stream at once: no request after it, exit 1', async () => {
    const slow = await startFakeIntercom({ seed: 21, counts: SMALL_COUNTS, token: SECRET, latencyMs: 40 });
    try {
      const cat = jsonFile(await discoverCatalog(slow, ['contacts', 'tags']));
      slow.resetStats();
      slow.setFaults({ failNext: [{ kind: 'unauthorized', route: 'GET /tags', count: 1 }] });
      const run = await cli('401 at once', { page_size: 5, search_parallelism: 1, max_retries: 5 }, [], slow, cat);
      expect(run.code).toBe(1);
      expect(failureLine(run)).toMatch(/authentication failed/);
      // A whole contacts read is 30 pages at 40 ms each; it stops with the requests in flight when the 401 came.
      expect(slow.stats().byRoute['POST /contacts/search'] ?? 0).toBeLessThanOrEqual(3);
      expect(records(run, 'contacts').length).toBeLessThan(truthKeys(slow, 'contacts').length);
      expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
    } finally {
      await slow.close();
    }
  });
});

describe('unavailable streams', () => {
  let locked: FakeIntercom;
  let catalog: string;
  const streams = ['tags', 'admins', 'conversations', 'conversation_parts'];

  beforeAll(async () => {
    locked = await startFakeIntercom({ seed: 21, counts: SMALL_COUNTS, token: SECRET, forbiddenScopes: ['read_conversations'] });
    catalog = jsonFile(await discoverCatalog(locked, streams));
  });
  afterAll(async () => {
    await locked?.close();
  });
  afterEach(() => fake.setFaults({}));

  const unavailableWarnings = (r: CliRun, stream: string): string[] => r.errorLines.filter((l) => /\bWARN\b/.test(l) && l.includes(`stream ${stream} is unavailable`));

  it('403 (default): one warning naming stream, status, code and the scope to grant; the others complete; exit 0', async () => {
    const r = await cli('403 default', {}, [], locked, catalog);
    expect(r.code).toBe(0);
    const warnings = unavailableWarnings(r, 'conversations');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stream conversations is unavailable \(POST \/conversations\/search → 403 forbidden, request id [0-9a-f-]{8,}\): skipped with conversation_parts; grant the access token the read_conversations scope .*or deselect conversations/);
    expect(r.errorLines.filter((l) => /\bERROR\b/.test(l))).toEqual([]);
    expectComplete(r, locked, ['tags', 'admins']);
    expect(records(r, 'conversations')).toEqual([]);
    expect(records(r, 'conversation_parts')).toEqual([]);
    // The end summary lists them.
    expect(r.errorLines).toContainEqual(expect.stringMatching(/^ {2}conversations\s+0 {2}unavailable$/));
    expect(r.errorLines).toContainEqual(expect.stringMatching(/^ {2}conversation_parts\s+0 {2}unavailable$/));
    expect(r.errorLines).toContainEqual(expect.stringMatching(/^warning: streams unavailable in this workspace \(skipped\): 1 /));
    expect(r.state?.currently_syncing).toBeNull();
  });

  it('skip_unavailable_streams false: every other stream still completes, then exit 1 with the stream named last', async () => {
    const r = await cli('403 not skipped', { skip_unavailable_streams: false }, [], locked, catalog);
    expect(r.code).toBe(1);
    expectComplete(r, locked, ['tags', 'admins']);
    expect(lastLines(r, 1)[0]).toMatch(/ERROR stream conversations is unavailable \(POST \/conversations\/search → 403 forbidden, request id [0-9a-f-]{8,}\)/);
    expect(r.messages[r.messages.length - 1]?.type).toBe('STATE');
  });

  it('skip_forbidden_streams is still read as its former name', async () => {
    const off = await cli('alias false', { skip_forbidden_streams: false }, [], locked, catalog);
    expect(off.code).toBe(1);
    const on = await cli('alias true', { skip_forbidden_streams: true }, [], locked, catalog);
    expect(on.code).toBe(0);
    const both = await cli('alias overridden', { skip_forbidden_streams: false, skip_unavailable_streams: true }, [], locked, catalog);
    expect(both.code).toBe(0);
  });

  it.each([
    ['403 api_plan_restricted', 'plan_restricted', /403 api_plan_restricted.*plan does not include this API/],
    ['404 on the collection', 'not_found', /404 not_found.*does not offer this endpoint/],
    ['400 intercom_version_invalid', 'version_invalid', /400 intercom_version_invalid.*Intercom-Version 2\.11 does not offer this endpoint/],
    ['422 pointing to another endpoint', 'use_other_endpoint', /422 parameter_invalid.*points to another endpoint \(This endpoint is not available, use GET \/tags\/v2 instead\)/],
  ] as const)('%s on the first request: skipped with one warning, exit 0', async (_label, kind, text) => {
    fake.setFaults({ failNext: [{ kind, route: 'GET /tags', count: 100 }] });
    const r = await cli(`unavailable ${kind}`, { max_retries: 3 });
    expect(r.code).toBe(0);
    const warnings = unavailableWarnings(r, 'tags');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(text);
    expectComplete(r, fake, ['admins']);
  });

  it('a child whose first request is refused is skipped alone: its parent completes', async () => {
    const cat = await discoverCatalog(fake, ['contacts', 'contact_segments']);
    fake.setFaults({ failNext: [{ kind: 'forbidden', route: 'GET /contacts/{id}/segments', count: 100000 }] });
    const run = await faultRun(fake, { streams: ['contacts', 'contact_segments'], catalog: cat, config: { start_date: START_DATE } });
    scan.add('child 403', run.allText);
    expect(run.summary?.streams).toEqual({ contacts: 'done', contact_segments: 'unavailable' });
    expect(run.summary?.unavailable.map((u) => [u.stream, u.skipped, u.status])).toEqual([['contact_segments', ['contact_segments'], 403]]);
    expect(new Set(run.records('contacts').map((r) => String(r['id'])))).toEqual(new Set(truthKeys(fake, 'contacts')));
    expect(run.records('contact_segments')).toEqual([]);
    expect(run.logs.filter((l) => /^WARN .*stream contact_segments is unavailable/.test(l))).toHaveLength(1);
    // contact_segments read nothing: its bookmark did not move, the parent's did.
    expect(run.state.bookmarks['contacts']).toBeDefined();
    expect(run.state.bookmarks['contact_segments']).toBeUndefined();
  });

  it('discovery without /data_attributes (403): the catalog has the fixed schema, with a warning', async () => {
    fake.setFaults({ failNext: [{ kind: 'forbidden', route: 'GET /data_attributes', count: 100 }] });
    const { main } = await import('../../src/cli');
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]): Writable => new Writable({ write: (chunk: Buffer, _e, cb) => void (into.push(chunk.toString()), cb()) });
    const code = await main(['--config', configFile(fake, { max_retries: 1 }), '--discover'], { stdout: sink(out), stderr: sink(err), env: {} });
    scan.add('discover 403', `${out.join('')}\n${err.join('')}`);
    expect(code).toBe(0);
    const catalog = JSON.parse(out.join('')) as Catalog;
    const contacts = catalog.streams.find((s) => s.tap_stream_id === 'contacts');
    expect(Object.keys(contacts?.schema.properties ?? {}).sort()).toEqual(Object.keys(buildDefaultCatalog().streams.find((s) => s.tap_stream_id === 'contacts')?.schema.properties ?? {}).sort());
    expect(err.join('').split('\n').filter((l) => /WARN discovery: (contact|company) custom attributes left out, GET \/data_attributes\?model=(contact|company) answered 403 forbidden/.test(l))).toHaveLength(2);
  });
});

describe('retries that run out', () => {
  afterEach(() => fake.setFaults({}));

  it('fails that stream only: the others complete, exit 1, the last line names endpoint, status, code, request id and attempts; the input bookmarks survive', async () => {
    fake.setFaults({ routes: ['GET /tags'], serverErrorRate: 1 });
    const prior: TapState = { bookmarks: { contacts: { updated_at: '2024-05-01T00:00:00.000000Z' }, custom: { x: 1 } }, currently_syncing: null };
    const run = await cli('exhausted', { max_retries: 1 }, ['--state', jsonFile(prior)]);
    expect(run.code).toBe(1);
    const line = failureLine(run);
    expect(lastLines(run, 1)).toEqual([line]);
    expect(line).toMatch(/ERROR stream tags failed: .*GET \/tags → 50[023] server_error, request id [0-9a-f-]{8,}, stream tags/);
    expect(line).toMatch(/after 2 attempts/);
    expectComplete(run, fake, ['admins']);
    expect(run.errorLines).toContainEqual(expect.stringMatching(/^ {2}tags\s+0 {2}failed$/));
    expect(run.state?.bookmarks).toEqual(prior.bookmarks);
    expect(run.stdout.endsWith('\n')).toBe(true);
  });

  it('a 400 in one stream, and a child whose reads fail after retries: each fails alone, one line each, the others complete', async () => {
    const cat = jsonFile(await discoverCatalog(fake, ['tags', 'admins', 'contacts', 'contact_segments']));
    fake.setFaults({ failNext: [{ kind: 'scroll_exists', route: 'GET /admins', count: 100 }], routes: ['GET /contacts/{id}/segments'], serverErrorRate: 1 });
    const run = await cli('two failures', { max_retries: 1 }, [], fake, cat);
    expect(run.code).toBe(1);
    const last = lastLines(run, 2);
    expect(last.every((l) => /\bERROR stream (admins|contact_segments) failed: /.test(l))).toBe(true);
    expect(last.find((l) => l.includes('stream admins failed'))).toMatch(/GET \/admins → 400 scroll_exists, request id [0-9a-f-]{8,}/);
    expect(last.find((l) => l.includes('stream contact_segments failed'))).toMatch(/GET \/contacts\/[^ ]+\/segments → 50[023] server_error, request id [0-9a-f-]{8,}/);
    expectComplete(run, fake, ['tags', 'contacts']);
    expect(run.state?.bookmarks['contacts']).toBeDefined();
    expect(run.state?.bookmarks['contact_segments']).toBeUndefined();
  });

  it('max_retry_seconds bounds the total time of one request before max_retries is reached', async () => {
    const catalog = await discoverCatalog(fake, ['tags']);
    fake.setFaults({ routes: ['GET /tags'], serverErrorRate: 1 });
    // Slept for real here (the budget is about elapsed time): the run ends within about a second.
    const run = await faultRun(fake, { streams: ['tags'], catalog, config: { max_retries: 60, max_retry_seconds: 1 }, sleepMs: (ms) => ms });
    scan.add('max_retry_seconds', run.allText);
    expect(run.error).toBeInstanceOf(IntercomApiError);
    const attempts = (run.error as IntercomApiError).details.attempts ?? 0;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(61);
    const planned = run.events.flatMap((e) => (e.kind === 'retry' ? [e.delayMs] : []));
    expect(planned.length).toBe(attempts - 1);
    expect(planned.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
  });

  it('also after network errors: names the connection failure and the endpoint', async () => {
    fake.setFaults({ routes: ['GET /tags'], resetRate: 1 });
    const run = await cli('exhausted reset', { max_retries: 1 });
    expect(run.code).toBe(1);
    expect(failureLine(run)).toMatch(/connection failed \(ECONNRESET\) after 2 attempts \(GET \/tags, stream tags\)/);
  });

  it('mid-search: the final STATE loses nothing, and a resume from it completes the ground truth', async () => {
    const catalog: Catalog = await discoverCatalog(fake, ['contacts']);
    const config = { start_date: '2024-01-01T00:00:00Z', max_retries: 2, search_parallelism: 4, page_size: 5 };
    // A clean run counts the search requests; the faulty run fails every one after 60% of them.
    fake.resetStats();
    const clean = await faultRun(fake, { streams: ['contacts'], catalog, config });
    expect(clean.error).toBeUndefined();
    expect(clean.states.filter((st) => st.bookmarks['contacts'] !== undefined).length).toBeGreaterThan(1);
    const total = fake.stats().byRoute['POST /contacts/search'] ?? 0;
    fake.resetStats();
    const timer = setInterval(() => {
      if ((fake.stats().byRoute['POST /contacts/search'] ?? 0) >= Math.floor(total * 0.6)) {
        fake.setFaults({ routes: ['POST /contacts/search'], serverErrorRate: 1 });
        clearInterval(timer);
      }
    }, 0);
    const first = await faultRun(fake, { streams: ['contacts'], catalog, config });
    clearInterval(timer);
    fake.setFaults({});
    scan.add('mid-search exhausted', first.allText);
    expect(first.error).toBeInstanceOf(IntercomApiError);
    const details = (first.error as IntercomApiError).details;
    expect(details).toMatchObject({ method: 'POST', stream: 'contacts', code: 'server_error', attempts: 3 });
    expect(details.url).toMatch(/\/contacts\/search$/);
    expect(details.requestId).toMatch(/^[0-9a-f-]{8,}$/);
    expect(errorText(first.error)).toMatch(/POST \/contacts\/search → 50[023] server_error, request id /);

    // The final state never promises a record that was not emitted.
    const emitted = new Set(first.records('contacts').map((r) => String(r['id'])));
    expect(emitted.size).toBeGreaterThan(0);
    expect(emitted.size).toBeLessThan(fake.groundTruth('contacts').length);
    const bookmark = first.state.bookmarks['contacts']?.['updated_at'];
    const truth = fake.groundTruth('contacts');
    expect(typeof bookmark).toBe('string');
    if (typeof bookmark === 'string') {
      const b = Date.parse(bookmark) / 1000;
      expect(truth.filter((r) => (r.updated_at ?? 0) <= b && !emitted.has(r.id)).map((r) => r.id)).toEqual([]);
    }
    // Resume: the union is the ground truth.
    const second = await faultRun(fake, { streams: ['contacts'], catalog, state: first.state, config: { start_date: START_DATE } });
    scan.add('mid-search resume', second.allText);
    expect(second.error).toBeUndefined();
    for (const r of second.records('contacts')) emitted.add(String(r['id']));
    expect(emitted).toEqual(new Set(truth.map((r) => r.id)));
  });
});

/** The token check of every run above, as a test of its own (a leak fails it; an afterAll would not count). */
it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
