/**
 * Answers that must not be retried fail fast and clearly (400, 404, 401, 403), `skip_forbidden_streams`
 * turns a 403 into a warning, and retries that run out fail with the endpoint, status, Intercom error
 * code and request id, exit 1, and a final STATE from which the next run loses nothing.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import type { Catalog, TapState } from '../../src/singer/types';
import { IntercomApiError } from '../../src/common/errors';
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

describe('non-retryable answers fail fast', () => {
  afterEach(() => fake.setFaults({}));

  it('400: one request, exit 1, endpoint, status, Intercom code and request id named', async () => {
    fake.resetStats();
    const run = await cli('400', { api_version: '9.99', max_retries: 5 });
    expect(run.code).toBe(1);
    const line = failureLine(run);
    expect(line).toMatch(/GET \/(tags|admins) → 400 intercom_version_invalid/);
    expect(line).toMatch(REQUEST_ID);
    expect(fake.stats().statusCounts['400']).toBeLessThanOrEqual(2); // one per stream started, no retry
    expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
  });

  it('404: no retry, names the endpoint and not_found', async () => {
    fake.resetStats();
    const run = await cli('404', { base_url: `${fake.url}/not-the-api`, max_retries: 5 });
    expect(run.code).toBe(1);
    const line = failureLine(run);
    expect(line).toMatch(/GET \/not-the-api\/(tags|admins) → 404 not_found/);
    expect(line).toMatch(REQUEST_ID);
    expect(fake.stats().statusCounts['404']).toBeLessThanOrEqual(2);
  });

  it('401: "authentication failed: check access_token and region", exit 1, no retry', async () => {
    fake.resetStats();
    fake.setFaults({ failNext: [{ kind: 'unauthorized', count: 1 }] });
    const run = await cli('401', { max_retries: 5 });
    expect(run.code).toBe(1);
    expect(failureLine(run)).toMatch(/authentication failed: check access_token and region \(GET \/(tags|admins) → 401 unauthorized, request id /);
    expect(fake.stats().statusCounts['401']).toBe(1);
  });
});

describe('403', () => {
  let locked: FakeIntercom;
  let catalog: string;
  const streams = ['tags', 'admins', 'conversations'];

  beforeAll(async () => {
    locked = await startFakeIntercom({ seed: 21, counts: SMALL_COUNTS, token: SECRET, forbiddenScopes: ['read_conversations'] });
    catalog = jsonFile(await discoverCatalog(locked, streams));
  });
  afterAll(async () => {
    await locked?.close();
  });

  it('names the stream and the missing permission, exit 1', async () => {
    const r = await cli('403', { max_retries: 5 }, [], locked, catalog);
    expect(r.code).toBe(1);
    expect(failureLine(r)).toMatch(/stream conversations: access denied, the access token lacks the read_conversations permission \(POST \/conversations\/search → 403 forbidden, request id /);
  });

  it('skip_forbidden_streams: a warning naming stream and permission, the other streams complete, exit 0', async () => {
    const r = await cli('403 skipped', { skip_forbidden_streams: true }, [], locked, catalog);
    expect(r.code).toBe(0);
    expect(r.errorLines.filter((l) => /\bWARN\b/.test(l) && /conversations/.test(l) && /read_conversations/.test(l))).not.toHaveLength(0);
    expect(r.errorLines.filter((l) => /\bERROR\b/.test(l))).toEqual([]);
    for (const stream of ['tags', 'admins']) {
      const got = r.messages.flatMap((m) => (m.type === 'RECORD' && m.stream === stream ? [recordKey(stream, m.record)] : []));
      expect(new Set(got)).toEqual(new Set(truthKeys(locked, stream)));
    }
    expect(r.messages.some((m) => m.type === 'RECORD' && m.stream === 'conversations')).toBe(false);
    expect(r.state?.currently_syncing).toBeNull();
  });
});

describe('retries that run out', () => {
  afterEach(() => fake.setFaults({}));

  it('exit 1, one line naming endpoint, status, code, request id and attempts; the input bookmarks survive', async () => {
    fake.setFaults({ routes: ['GET /tags'], serverErrorRate: 1 });
    const prior: TapState = { bookmarks: { contacts: { updated_at: '2024-05-01T00:00:00.000000Z' }, custom: { x: 1 } }, currently_syncing: null };
    const run = await cli('exhausted', { max_retries: 1 }, ['--state', jsonFile(prior)]);
    expect(run.code).toBe(1);
    const line = failureLine(run);
    expect(line).toMatch(/GET \/tags → 50[023] server_error, request id [0-9a-f-]{8,}, stream tags/);
    expect(line).toMatch(/after 2 attempts/);
    expect(run.state?.bookmarks).toEqual(prior.bookmarks);
    // admins (not faulted) may have finished or stopped; whatever it emitted it emitted whole
    expect(run.stdout.endsWith('\n')).toBe(true);
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
