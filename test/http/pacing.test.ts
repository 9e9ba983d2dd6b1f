/** The limiter against real time: concurrency cap, budget pacing from the headers, abort. */
import { AbortedError } from '../../src/common/errors';
import { rateBudget, startTestServer, type TestServer } from '../helpers/test-server';
import { closeClients, makeClient, rejection } from './client-helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await closeClients();
  await server?.close();
  server = undefined;
});


describe('limiter', () => {
  it('never has more than maxConcurrency requests in flight', async () => {
    server = await startTestServer(() => ({ status: 200, body: {}, delayMs: 20 }));
    const { client } = makeClient(server.url, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 24 }, () => client.request({ method: 'GET', path: '/tags', stream: 'tags' })));
    expect(server.requests).toHaveLength(24);
    expect(server.peakConcurrency()).toBe(3);
  });

  it('paces a small budget from the rate headers without a single 429', async () => {
    const budget = rateBudget(15);
    server = await startTestServer(() => {
      const window = budget.take();
      return window.exceeded
        ? { status: 429, headers: window.headers, body: { type: 'error.list', errors: [{ code: 'rate_limit_exceeded' }] } }
        : { status: 200, headers: window.headers, body: {}, delayMs: 5 };
    });
    const { client, events } = makeClient(server.url, { maxConcurrency: 6, ratePer10s: 15 }, true);
    const started = Date.now();
    await Promise.all(Array.from({ length: 40 }, () => client.request({ method: 'GET', path: '/contacts', stream: 'contacts' })));
    expect(budget.tooMany()).toBe(0);
    expect(client.stats()).toMatchObject({ requests: 40, rateLimited: 0, retries: 0 });
    // 40 requests at 15 per 1-second window need at least two window changes.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(events.some((e) => e.kind === 'rate-limit-wait')).toBe(true);
  });

  it('adapts to another client spending part of the budget', async () => {
    const budget = rateBudget(20);
    // The other client: 10 requests per second, spread evenly.
    const other = setInterval(() => budget.take(), 100);
    try {
      server = await startTestServer(() => {
        const window = budget.take();
        return window.exceeded ? { status: 429, headers: window.headers } : { status: 200, headers: window.headers, delayMs: 5 };
      });
      const { client } = makeClient(server.url, { maxConcurrency: 4, ratePer10s: 10 }, true);
      await Promise.all(Array.from({ length: 30 }, () => client.request({ method: 'GET', path: '/contacts', stream: 'contacts' })));
      const stats = client.stats();
      expect(stats.requests - stats.retries).toBe(30);
      expect(stats.rateLimited).toBeLessThanOrEqual(1);
    } finally {
      clearInterval(other);
    }
  });

  it('abort() cancels requests in flight and rejects queued and later ones with AbortedError', async () => {
    server = await startTestServer(() => ({ hang: true }));
    const { client } = makeClient(server.url, { maxConcurrency: 2, timeoutMs: 10_000 });
    const pending = Array.from({ length: 5 }, () => rejection(client.request({ method: 'GET', path: '/x', stream: 's' })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(2);
    client.abort();
    for (const err of await Promise.all(pending)) expect(err).toBeInstanceOf(AbortedError);
    expect(await rejection(client.request({ method: 'GET', path: '/x', stream: 's' }))).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(2);
  });

  it('abort() interrupts a retry wait', async () => {
    server = await startTestServer(() => ({ status: 500 }));
    const { client } = makeClient(server.url, { random: () => 0.99 }, true);
    const pending = rejection(client.request({ method: 'GET', path: '/x', stream: 's' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.abort();
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(1);
  });
});
