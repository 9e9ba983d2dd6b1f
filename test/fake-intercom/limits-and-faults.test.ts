import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { startFakeIntercom, type FakeIntercom } from './index';
import { get, post } from './test-client';

const code = (json: Record<string, unknown>): string | undefined => (json['errors'] as Array<{ code: string }> | undefined)?.[0]?.code;

describe('rate budget', () => {
  let fake: FakeIntercom;
  let wall = 1_700_000_003_000; // 3 s into a 10-second window
  beforeAll(async () => {
    fake = await startFakeIntercom({ rateLimitPer10s: 20, wallClock: () => wall });
  });
  afterAll(() => fake.close());

  test('20 per window, then 429 rate_limit_exceeded; headers on every answer; a new window refills', async () => {
    const remaining: number[] = [];
    for (let k = 0; k < 20; k++) {
      const r = await get(fake, '/tags');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-limit')).toBe('20');
      expect(r.headers.get('x-ratelimit-reset')).toBe('1700000010');
      remaining.push(Number(r.headers.get('x-ratelimit-remaining')));
    }
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, k) => 19 - k));
    const over = await get(fake, '/tags');
    expect(over.status).toBe(429);
    expect(code(over.json)).toBe('rate_limit_exceeded');
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(fake.stats().rateLimited).toBe(1);
    wall += 7000;
    const next = await get(fake, '/tags');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('19');
    expect(next.headers.get('x-ratelimit-reset')).toBe('1700000020');
  });

  test('consumeBudgetPer10s: another client spends part of each window', async () => {
    fake.setFaults({ consumeBudgetPer10s: 15 });
    wall += 10000;
    const r = await get(fake, '/tags');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('4');
    fake.setFaults({});
  });
});

describe('auth, scopes, faults', () => {
  let fake: FakeIntercom;
  beforeAll(async () => {
    fake = await startFakeIntercom({ token: 'secret-t', forbiddenScopes: ['read_conversations'] });
  });
  afterAll(() => fake.close());
  afterEach(() => fake.setFaults({}));

  test('401 for a wrong token, with an x-request-id', async () => {
    const r = await fetch(`${fake.url}/me`, { headers: { Authorization: 'Bearer nope' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('x-request-id')).toBeTruthy();
    const body = (await r.json()) as Record<string, unknown>;
    expect(body['type']).toBe('error.list');
    expect(code(body)).toBe('unauthorized');
  });

  test('403 forbidden names the missing scope', async () => {
    const r = await post(fake, '/conversations/search', { query: { field: 'id', operator: '=', value: '1' } });
    expect(r.status).toBe(403);
    expect(code(r.json)).toBe('forbidden');
    expect(r.text).toContain('read_conversations');
    expect((await get(fake, '/contacts?per_page=1')).status).toBe(200);
  });

  test.each([
    ['server_error', 500, 'server_error'],
    ['rate_limit', 429, 'rate_limit_exceeded'],
    ['scroll_exists', 400, 'scroll_exists'],
    ['unauthorized', 401, 'unauthorized'],
    ['forbidden', 403, 'forbidden'],
  ] as const)('failNext %s answers %d %s once, on the named route only', async (kind, status, errCode) => {
    fake.setFaults({ failNext: [{ kind, route: 'GET /tags' }] });
    expect((await get(fake, '/teams')).status).toBe(200);
    const r = await get(fake, '/tags');
    expect(r.status).toBe(status);
    expect(code(r.json)).toBe(errCode);
    expect((await get(fake, '/tags')).status).toBe(200);
  });

  test('empty and non-JSON 200 bodies', async () => {
    fake.setFaults({ failNext: [{ kind: 'empty' }, { kind: 'non_json' }] });
    const empty = await get(fake, '/tags');
    expect([empty.status, empty.text]).toEqual([200, '']);
    const html = await get(fake, '/tags');
    expect(html.status).toBe(200);
    expect(html.text.startsWith('<html>')).toBe(true);
  });

  test('reset destroys the socket', async () => {
    fake.setFaults({ failNext: [{ kind: 'reset', count: 1 }] });
    await expect(fetch(`${fake.url}/tags`, { headers: { Authorization: `Bearer ${fake.token}` } })).rejects.toThrow();
  });

  test('hang never answers: the client gives up on its own timeout', async () => {
    fake.setFaults({ failNext: [{ kind: 'hang' }] });
    const err = await fetch(`${fake.url}/tags`, { headers: { Authorization: `Bearer ${fake.token}` }, signal: AbortSignal.timeout(300) }).catch((e: Error) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });

  test('random rates are seeded: the same config gives the same sequence', async () => {
    const run = async (): Promise<number[]> => {
      fake.setFaults({ serverErrorRate: 0.5, routes: ['GET /tags'] });
      const out: number[] = [];
      for (let k = 0; k < 12; k++) out.push((await get(fake, '/tags')).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.some((s) => s >= 500)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);
    expect((await get(fake, '/teams')).status).toBe(200); // not a listed route
  });

  test('latency fault delays answers; stats count routes and statuses', async () => {
    fake.resetStats();
    fake.setFaults({ latencyMs: 50 });
    const [a, b] = await Promise.all([get(fake, '/tags'), get(fake, '/tags')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const s = fake.stats();
    expect(s.byRoute['GET /tags']).toBe(2);
    expect(s.statusCounts['200']).toBe(2);
    expect(s.peakConcurrent).toBe(2);
  });
});

test('standalone CLI prints its URL first and serves the /_fake/ control API', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts'), '--port', '0', '--token', 'cli-t', '--seed', '2', '--scale', '0.1'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (c) => reject(new Error(`exited ${String(c)}`)));
    });
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const truth = (await (await fetch(`${url}/_fake/ground-truth?stream=contacts`)).json()) as Array<{ id: string }>;
    expect(truth).toHaveLength(100);
    await fetch(`${url}/_fake/clock`, { method: 'POST', body: JSON.stringify({ advance: 100 }) });
    const upd = (await (await fetch(`${url}/_fake/update`, { method: 'POST', body: JSON.stringify({ stream: 'contacts', count: 2 }) })).json()) as { ids: string[] };
    const c = (await (await fetch(`${url}/contacts/${upd.ids[0]}`, { headers: { Authorization: 'Bearer cli-t' } })).json()) as { updated_at: number };
    expect(c.updated_at).toBe(1767225600 + 100);
    const stats = (await (await fetch(`${url}/_fake/stats`)).json()) as { totalRequests: number };
    expect(stats.totalRequests).toBe(1);
  } finally {
    child.kill('SIGTERM');
  }
});
