/**
 * A tiny scripted HTTP server on 127.0.0.1 for client tests: each request is answered by a handler,
 * and the server records every request and the peak number in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** 0-based arrival index. */
  index: number;
}

export interface ScriptedResponse {
  status?: number;
  /** A string is sent as is; anything else as JSON. Omitted: `{}`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer after this many ms. */
  delayMs?: number;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Destroy the connection without answering (ECONNRESET on the client). */
  reset?: boolean;
}

export type Handler = (req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Most requests in flight at once. */
  peakConcurrency(): number;
  close(): Promise<void>;
}

export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        index: requests.length,
      };
      requests.push(recorded);
      inFlight++;
      peak = Math.max(peak, inFlight);
      let done = false;
      const finish = (): void => {
        if (!done) {
          done = true;
          inFlight--;
        }
      };
      res.on('close', finish);
      void Promise.resolve(handler(recorded)).then(async (answer) => {
        if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (answer.hang === true) return;
        if (answer.reset === true) {
          req.socket.destroy();
          return;
        }
        const body =
          answer.body === undefined ? '{}' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        finish();
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    peakConcurrency: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RateWindow {
  /** Requests counted in the current window. */
  used: number;
  limit: number;
  /** X-RateLimit-* headers for an answer in this window (after counting the request). */
  headers: Record<string, string>;
  /** Whether the request was over the budget (answer 429). */
  exceeded: boolean;
}

/**
 * Intercom's budget in 1-second windows aligned on the clock's seconds (X-RateLimit-Reset is the end of the
 * window in unix seconds). `take()` counts one request; `external` requests per window can be spent by a
 * simulated other client at the window's start.
 */
export function rateBudget(limit: number, now: () => number = Date.now, external = 0): { take: () => RateWindow; tooMany: () => number } {
  let windowId = -1;
  let used = 0;
  let tooMany = 0;
  return {
    take: () => {
      const current = Math.floor(now() / 1000);
      if (current !== windowId) {
        windowId = current;
        used = external;
      }
      used++;
      const exceeded = used > limit;
      if (exceeded) tooMany++;
      return {
        used,
        limit,
        exceeded,
        headers: {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(Math.max(0, limit - used)),
          'x-ratelimit-reset': String(windowId + 1),
        },
      };
    },
    tooMany: () => tooMany,
  };
}
