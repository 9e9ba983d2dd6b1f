import { AuthError, ForbiddenError, IntercomApiError, NetworkError, RateLimitError } from '../../src/common/errors';
import { createIntercomClient } from '../../src/http/client';
import { startTestServer, type ScriptedResponse, type TestServer } from '../helpers/test-server';
import { captureLogger, closeClients, makeClient, rejection, TOKEN } from './client-helpers';

const NOW = 1_800_000_000_000;
const ok = (body: unknown = { type: 'list', data: [] }): ScriptedResponse => ({ status: 200, body });
const intercomError = (code: string, message: string, requestId = 'req-42') => ({
  type: 'error.list',
  request_id: requestId,
  errors: [{ code, message }],
});

let server: TestServer | undefined;
async function serve(answers: Array<ScriptedResponse | ((i: number) => ScriptedResponse)>): Promise<TestServer> {
  server = await startTestServer((req) => {
    const answer = answers[Math.min(req.index, answers.length - 1)];
    if (answer === undefined) return ok();
    return typeof answer === 'function' ? answer(req.index) : answer;
  });
  return server;
}

afterEach(async () => {
  await closeClients();
  await server?.close();
  server = undefined;
});

describe('requests', () => {
  it('sends the token, version and user agent, the query, and parses JSON', async () => {
    const srv = await serve([ok({ type: 'contact', id: 'c1' })]);
    const { client } = makeClient(srv.url);
    const res = await client.request({ method: 'GET', path: '/contacts', query: { per_page: 50, skip: undefined }, stream: 'contacts' });
    expect(res).toMatchObject({ status: 200, data: { type: 'contact', id: 'c1' } });
    const req = srv.requests[0];
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['intercom-version']).toBe('2.11');
    expect(req?.headers['user-agent']).toBe('tap-intercom-test (test@example.com)');
    expect(req?.query.toString()).toBe('per_page=50');
  });

  it('sends a POST body as JSON and follows an absolute pages.next URL on the same host', async () => {
    const srv = await serve([ok()]);
    const { client } = makeClient(srv.url);
    await client.request({ method: 'POST', path: '/contacts/search', body: { query: { field: 'x' } }, stream: 'contacts' });
    await client.request({ method: 'GET', path: `${srv.url}/contacts?starting_after=abc`, stream: 'contacts' });
    expect(JSON.parse(srv.requests[0]?.body ?? '')).toEqual({ query: { field: 'x' } });
    expect(srv.requests[0]?.headers['content-type']).toBe('application/json');
    expect(srv.requests[1]?.query.get('starting_after')).toBe('abc');
  });

  it('refuses an absolute URL on another host, so the token never goes there', async () => {
    const srv = await serve([ok()]);
    const { client } = makeClient(srv.url);
    const err = await rejection(client.request({ method: 'GET', path: 'https://evil.example/x', stream: 'contacts' }));
    expect(err).toBeInstanceOf(IntercomApiError);
    expect(err.message).toMatch(/another host/);
    expect(srv.requests).toHaveLength(0);
  });

  it('records a duration metric per request with the endpoint template and status', async () => {
    const srv = await serve([ok()]);
    const { client, log } = makeClient(srv.url);
    await client.request({ method: 'GET', path: '/contacts/6512ab34cd/tags', stream: 'tags' });
    expect(log.metrics).toHaveLength(1);
    expect(log.metrics[0]).toMatchObject({
      metric: 'http_request_duration',
      tags: { endpoint: 'GET /contacts/{id}/tags', http_status_code: 200, status: 'succeeded' },
    });
  });

  it('accepts plain http only on loopback hosts and rejects credentials in the base URL', () => {
    const log = captureLogger();
    const base = { token: TOKEN, apiVersion: '2.11', userAgent: 'x', timeoutMs: 1000, maxRetries: 1, maxRetrySeconds: 1, maxConcurrency: 1, ratePer10s: 166, logger: log.logger };
    expect(() => createIntercomClient({ ...base, baseUrl: 'http://api.intercom.io' })).toThrow(/only for loopback/);
    expect(() => createIntercomClient({ ...base, baseUrl: 'http://10.0.0.1:8080' })).toThrow(/only for loopback/);
    expect(() => createIntercomClient({ ...base, baseUrl: 'https://u:p@api.intercom.io' })).toThrow(/credentials/);
    for (const baseUrl of ['https://api.eu.intercom.io', 'http://localhost:1', 'http://127.0.0.2:1', 'http://[::1]:1']) {
      void createIntercomClient({ ...base, baseUrl }).close();
    }
  });
});

describe('retries', () => {
  it('retries 5xx with full-jitter exponential backoff, counted on the server', async () => {
    const srv = await serve([{ status: 503, body: intercomError('service_unavailable', 'x') }, { status: 500 }, ok()]);
    const { client, retryDelays, sleeps, events } = makeClient(srv.url);
    const res = await client.request({ method: 'GET', path: '/contacts', stream: 'contacts' });
    expect(res.status).toBe(200);
    expect(srv.requests).toHaveLength(3);
    // random() = 0.5: half of 1 s, then half of 2 s.
    expect(retryDelays()).toEqual([500, 1000]);
    expect(sleeps).toEqual(expect.arrayContaining([500, 1000]));
    expect(events[0]).toMatchObject({ kind: 'retry', stream: 'contacts', attempt: 1, reason: '503 service_unavailable' });
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, byStream: { contacts: { requests: 3, retries: 2 } } });
  });

  it('waits for X-RateLimit-Reset on 429', async () => {
    const reset = String(NOW / 1000 + 3);
    const headers = { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
    const srv = await serve([{ status: 429, headers, body: intercomError('rate_limit_exceeded', 'slow down') }, ok()]);
    const { client, retryDelays } = makeClient(srv.url, { now: () => NOW });
    await client.request({ method: 'GET', path: '/contacts', stream: 'contacts' });
    expect(srv.requests).toHaveLength(2);
    expect(retryDelays()).toEqual([3000 + 250]);
    expect(client.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it('retries a 200 with an empty or non-JSON body', async () => {
    const srv = await serve([{ status: 200, body: '' }, { status: 200, body: '<html>oops</html>' }, ok({ done: true })]);
    const { client, events } = makeClient(srv.url);
    const res = await client.request({ method: 'GET', path: '/contacts', stream: 'contacts' });
    expect(res.data).toEqual({ done: true });
    expect(srv.requests).toHaveLength(3);
    expect(events.map((e) => (e.kind === 'retry' ? e.reason : ''))).toEqual([
      'empty body in a 200 answer',
      'non-JSON body in a 200 answer',
    ]);
  });

  it('aborts a hung request after the timeout and retries it', async () => {
    const srv = await serve([{ hang: true }, ok()]);
    const { client, events } = makeClient(srv.url, { timeoutMs: 150 });
    const res = await client.request({ method: 'GET', path: '/contacts', stream: 'contacts' });
    expect(res.status).toBe(200);
    expect(srv.requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'retry', reason: 'no answer within 0.15 s' });
  });

  it('retries a reset connection', async () => {
    const srv = await serve([{ reset: true }, ok()]);
    const { client, events } = makeClient(srv.url);
    await client.request({ method: 'GET', path: '/contacts', stream: 'contacts' });
    expect(srv.requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/connection failed \((ECONNRESET|EPIPE|ERR_NETWORK|ECONNABORTED)\)/) });
  });

  it('retries a refused connection, then fails with a NetworkError', async () => {
    const srv = await serve([ok()]);
    const url = srv.url;
    await srv.close();
    server = undefined;
    const { client, retryDelays } = makeClient(url, { maxRetries: 2 });
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', query: { q: 'x' }, stream: 'contacts' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe('connection failed (ECONNREFUSED) after 3 attempts (GET /contacts, stream contacts)');
    expect(retryDelays()).toHaveLength(2);
  });

  it('gives up after maxRetries with a clear error', async () => {
    const srv = await serve([{ status: 502, body: 'bad gateway', headers: { 'x-request-id': 'rid-9' } }]);
    const { client } = makeClient(srv.url, { maxRetries: 2 });
    const err = await rejection(client.request({ method: 'GET', path: '/conversations', stream: 'conversations' }));
    expect(srv.requests).toHaveLength(3);
    expect(err).toBeInstanceOf(IntercomApiError);
    expect((err as IntercomApiError).retryable).toBe(true);
    expect(err.message).toBe('bad gateway after 3 attempts (GET /conversations → 502 bad gateway, request id rid-9, stream conversations)');
  });

  it('gives up when the next wait would pass maxRetrySeconds', async () => {
    const srv = await serve([{ status: 500 }]);
    let clock = NOW;
    const { client, retryDelays } = makeClient(srv.url, {
      now: () => clock,
      random: () => 0.99,
      maxRetrySeconds: 2,
      onEvent: (e) => {
        if (e.kind === 'retry') clock += e.delayMs;
      },
    });
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', stream: 'contacts' }));
    expect(err).toBeInstanceOf(IntercomApiError);
    // 990 ms, then 1980 ms would reach 2970 ms > 2 s.
    expect(srv.requests).toHaveLength(2);
    expect(retryDelays()).toHaveLength(0);
  });

  it('honours a per-request maxRetries of 0', async () => {
    const srv = await serve([{ status: 500 }, ok()]);
    const { client } = makeClient(srv.url);
    await rejection(client.request({ method: 'GET', path: '/companies/scroll', stream: 'companies', maxRetries: 0 }));
    expect(srv.requests).toHaveLength(1);
  });

  it('gives up on 429 with a RateLimitError after the retries', async () => {
    const srv = await serve([{ status: 429, body: intercomError('rate_limit_exceeded', 'Exceeded rate limit') }]);
    const { client } = makeClient(srv.url, { maxRetries: 1 });
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', stream: 'contacts' }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(srv.requests).toHaveLength(2);
  });
});

describe('fatal answers', () => {
  it('fails fast on 401 with AuthError naming the request and request id', async () => {
    const srv = await serve([{ status: 401, body: intercomError('unauthorized', 'Access Token Invalid', 'req-401') }]);
    const { client } = makeClient(srv.url);
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', query: { per_page: 5 }, stream: 'contacts' }));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe(
      'authentication failed: check access_token and region (GET /contacts → 401 unauthorized, request id req-401): Access Token Invalid',
    );
    expect(srv.requests).toHaveLength(1);
  });

  it('fails fast on 403 with ForbiddenError naming the stream and the missing permission', async () => {
    const message = 'You do not have the required scope (read_conversations) to access this resource';
    const srv = await serve([{ status: 403, body: intercomError('forbidden', message) }]);
    const { client } = makeClient(srv.url);
    const err = await rejection(client.request({ method: 'GET', path: '/conversations', stream: 'conversations' }));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.message).toContain('stream conversations: access denied, the access token lacks the read_conversations permission');
    expect(err.message).toContain('GET /conversations → 403 forbidden, request id req-42');
    expect(srv.requests).toHaveLength(1);
  });

  it('fails fast on 400 and 404, but returns a 404 listed in acceptStatus', async () => {
    const srv = await serve([
      { status: 400, body: intercomError('parameter_invalid', 'per_page is invalid') },
      { status: 404, body: intercomError('not_found', 'Resource Not Found') },
    ]);
    const { client } = makeClient(srv.url);
    const bad = await rejection(client.request({ method: 'GET', path: '/contacts', query: { per_page: 999 }, stream: 'contacts' }));
    expect(bad).toBeInstanceOf(IntercomApiError);
    expect((bad as IntercomApiError).details).toMatchObject({ status: 400, code: 'parameter_invalid', requestId: 'req-42' });
    expect(bad.message).not.toContain('999');
    const missing = await rejection(client.request({ method: 'GET', path: '/contacts/c9', stream: 'contacts' }));
    expect((missing as IntercomApiError).details.status).toBe(404);
    const accepted = await client.request({ method: 'GET', path: '/companies/scroll', stream: 'companies', acceptStatus: [404] });
    expect(accepted.status).toBe(404);
    expect(srv.requests).toHaveLength(3);
  });

  it('never lets the token out: messages, JSON of errors, logs and metrics', async () => {
    const echo = `invalid token ${TOKEN}`;
    const srv = await serve([
      { status: 401, body: intercomError('unauthorized', echo) },
      { status: 500, body: intercomError('server_error', echo) },
      { hang: true },
    ]);
    const { client, log } = makeClient(srv.url, { maxRetries: 0, timeoutMs: 100 });
    const errors: Error[] = [];
    errors.push(await rejection(client.request({ method: 'GET', path: '/a', stream: 's' })));
    errors.push(await rejection(client.request({ method: 'GET', path: '/b', stream: 's' })));
    errors.push(await rejection(client.request({ method: 'GET', path: '/c', stream: 's' })));
    const refused = makeClient('http://127.0.0.1:1', { maxRetries: 1 });
    errors.push(await rejection(refused.client.request({ method: 'GET', path: '/d', stream: 's' })));
    for (const err of errors) {
      expect(err).toBeInstanceOf(IntercomApiError);
      expect(err.message).not.toContain(TOKEN);
      expect(JSON.stringify(err)).not.toContain(TOKEN);
      expect(String(err.stack)).not.toContain(TOKEN);
      expect(err.cause).toBeUndefined();
    }
    expect(errors[0]?.message).toContain('[REDACTED]');
    expect([...log.lines, ...refused.log.lines].join('\n')).not.toContain(TOKEN);
  });
});

describe('what streams get for their own rules', () => {
  it('an accepted error answer carries Intercom\'s error object, read by the one parser', async () => {
    const srv = await serve([{ status: 400, body: intercomError('scroll_exists', 'scroll already exists', 'req-7') }, ok()]);
    const { client } = makeClient(srv.url);
    const res = await client.request({ method: 'GET', path: '/companies/scroll', stream: 'companies', acceptStatus: [400] });
    expect(res.error).toEqual({ code: 'scroll_exists', message: 'scroll already exists', requestId: 'req-7' });
    const ok200 = await client.request({ method: 'GET', path: '/companies/scroll', stream: 'companies', acceptStatus: [400] });
    expect(ok200.error).toBeUndefined();
  });

  it('client.error builds the typed error from an answer or an earlier error, never retryable, token redacted', async () => {
    const srv = await serve([{ status: 400, body: intercomError('scroll_exists', 'busy', 'req-8') }]);
    const { client } = makeClient(srv.url);
    const spec = { method: 'GET' as const, path: '/companies/scroll', query: { scroll_param: 'p' }, stream: 'companies', acceptStatus: [400] };
    const res = await client.request(spec);
    const err = client.error(spec, `still busy ${TOKEN}`, res);
    expect(err).toBeInstanceOf(IntercomApiError);
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('still busy [REDACTED]');
    expect(err.details).toEqual({ method: 'GET', url: `${srv.url}/companies/scroll`, stream: 'companies', status: 400, code: 'scroll_exists', requestId: 'req-8', detail: 'busy' });
    const bare = client.error(spec, 'gave up');
    expect(bare.details).toEqual({ method: 'GET', url: `${srv.url}/companies/scroll`, stream: 'companies' });
    const wrapped = client.error(spec, 'rephrased', err);
    expect(wrapped.details).toEqual(err.details);
    expect(wrapped.cause).toBe(err);
  });

  it("retryOnly 'rate-limit' re-sends a 429 through the retry policy and nothing else", async () => {
    const reset = String(NOW / 1000 + 2);
    const headers = { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
    const srv = await serve([{ status: 429, headers, body: intercomError('rate_limit_exceeded', 'slow down') }, { status: 502 }, ok()]);
    const { client, retryDelays } = makeClient(srv.url, { now: () => NOW });
    const spec = { method: 'GET' as const, path: '/companies/scroll', stream: 'companies', retryOnly: 'rate-limit' as const };
    const err = await rejection(client.request(spec));
    expect(srv.requests).toHaveLength(2);
    expect(retryDelays()).toEqual([2000 + 250]);
    expect(err).toBeInstanceOf(IntercomApiError);
    expect((err as IntercomApiError).retryable).toBe(true);
    expect((err as IntercomApiError).details.status).toBe(502);
  });
});

describe('the retry budget bounds every retry, its timeout too', () => {
  it("cuts each retry's timeout to what is left of max_retry_seconds (recorded, not slept)", async () => {
    const srv = await serve([{ status: 500 }]);
    let clock = NOW;
    const retries: Array<{ delayMs: number; timeoutMs: number | undefined }> = [];
    const { client } = makeClient(srv.url, {
      now: () => clock,
      timeoutMs: 300_000,
      maxRetries: 100,
      maxRetrySeconds: 10,
      onEvent: (e) => {
        if (e.kind !== 'retry') return;
        retries.push({ delayMs: e.delayMs, timeoutMs: e.timeoutMs });
        clock += e.delayMs;
      },
    });
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', stream: 'contacts' }));
    expect(err).toBeInstanceOf(IntercomApiError);
    // random() = 0.5: waits of 0.5, 1, 2, 4 s; the next (8 s) would end past the 10 s budget.
    expect(retries).toEqual([
      { delayMs: 500, timeoutMs: 9500 },
      { delayMs: 1000, timeoutMs: 8500 },
      { delayMs: 2000, timeoutMs: 6500 },
      { delayMs: 4000, timeoutMs: 2500 },
    ]);
    expect(srv.requests).toHaveLength(5);
  });

  it('a stuck retry is aborted when the budget ends, not a whole request_timeout later', async () => {
    // The first attempt fails at once; the retry hangs: its timeout is what is left of 0.3 s, not 60 s.
    const srv = await serve([{ status: 503 }, { hang: true }]);
    const retries: Array<number | undefined> = [];
    const { client } = makeClient(srv.url, {
      random: () => 0,
      timeoutMs: 60_000,
      maxRetries: 1,
      maxRetrySeconds: 0.3,
      onEvent: (e) => {
        if (e.kind === 'retry') retries.push(e.timeoutMs);
      },
    });
    const err = await rejection(client.request({ method: 'GET', path: '/contacts', stream: 'contacts' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/^no answer within 0\.\d+ s after 2 attempts/);
    expect(retries[0]).toBeLessThanOrEqual(300);
  });
});
