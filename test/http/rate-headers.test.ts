/**
 * Rate headers that make no sense (the fake's `rateHeaders` switch) are treated as missing: the run is
 * paced by the configured or last sane budget, one warning names the header, nothing stalls. Waits are
 * recorded, not slept: a stall shows as requests that never finish.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { closeClients, makeClient } from './client-helpers';
import { MAX_RESET_AHEAD_MS, RESET_MARGIN_MS, WINDOW_MS } from '../../src/http/rate';

jest.setTimeout(30_000);

let fake: FakeIntercom;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 9, scale: 1, rateLimitPer10s: 100_000 });
});

afterEach(async () => {
  fake.setFaults({});
  await closeClients();
});

afterAll(async () => {
  await fake.close();
});

const warningsNaming = (lines: string[], header: string): string[] =>
  lines.filter((l) => (JSON.parse(l) as { level?: string }).level === 'warn' && l.includes(header));

describe.each([
  ['limit_zero', 'X-RateLimit-Limit'],
  ['reset_frozen', 'X-RateLimit-Reset'],
  ['far_reset', 'X-RateLimit-Reset'],
] as const)('rate headers %s', (mode, header) => {
  it(`are ignored: every request finishes, paced by the budget in ${WINDOW_MS / 1000} s windows, one warning names ${header}`, async () => {
    // The client's clock, moved on to make a frozen reset lie in the past (the fake's clock is the real one).
    let offset = 0;
    const { client, sleeps, log } = makeClient(fake.url, { token: fake.token, ratePer10s: 10, maxConcurrency: 4, now: () => Date.now() + offset });
    // A sane answer first, so the limiter knows a window (and its limit), then the headers go wrong.
    await client.request({ method: 'GET', path: '/admins', stream: 'admins' });
    fake.setFaults({ rateHeaders: mode });
    if (mode === 'reset_frozen') {
      await client.request({ method: 'GET', path: '/admins', stream: 'admins' });
      offset = 60_000;
    }
    const answers = await Promise.all(Array.from({ length: 45 }, () => client.request({ method: 'GET', path: '/admins', stream: 'admins' })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(warningsNaming(log.lines, header)).toHaveLength(1);
    expect(warningsNaming(log.lines, header)[0]).toMatch(/makes no sense/);
    // Paced by windows of the fallback length, never by the lying reset (an hour, or never).
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(Math.max(WINDOW_MS, MAX_RESET_AHEAD_MS) + RESET_MARGIN_MS);
    expect(sleeps.filter((ms) => ms >= WINDOW_MS).length).toBeGreaterThanOrEqual(1);
  });
});
