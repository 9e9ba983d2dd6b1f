/** The node:http pipeline: auth, rate budget, version, routing, scopes, faults, latency, stats. */
import * as http from 'node:http';
import type { Faults, RouteRef } from './faults';
import { ApiError, type Ctx, type Reply, type Services } from './http-types';
import { uuidFrom } from './ids';
import type { RateLimiter } from './rate-limit';
import { matchRoute } from './routes';
import { SCROLL_RESTART_MESSAGE } from './scroll';
import type { FakeStats } from './types';
import { refusalFor, type Profile } from './profiles';
import { parseVersion } from './version';
import type { World } from './world';

export interface ServerDeps {
  token: string;
  seed: number;
  world: World;
  svc: Services;
  limiter: RateLimiter;
  faults: Faults;
  forbiddenScopes: ReadonlySet<string>;
  /** The kind of workspace served (profiles.ts). */
  profile: Profile;
  latencyMs: number;
  jitterMs: number;
  wallNow: () => number;
  baseUrl: () => string;
  /** `/_fake/...` control routes (no auth, not counted). */
  control: (method: string, url: URL, body: unknown) => Reply;
}

export function emptyStats(): FakeStats {
  return { totalRequests: 0, byRoute: {}, rateLimited: 0, peakConcurrent: 0, statusCounts: {} };
}

export class RequestPipeline {
  stats: FakeStats = emptyStats();
  private concurrent = 0;
  private requestSerial = 0;
  /** Responses held open by the hang fault. */
  readonly hung = new Set<http.ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly d: ServerDeps) {}

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        this.dispatch(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        process.stderr.write(`fake-intercom: handler crashed: ${String((e as Error).stack ?? e)}\n`);
        if (!res.headersSent) this.send(res, { status: 500, json: this.errorBody('server_error', 'Internal fake error') }, {});
      }
    });
  }

  /** Abort everything still open (hung requests, pending delayed answers). */
  shutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  private errorBody(code: string, message: string): Record<string, unknown> {
    return { type: 'error.list', request_id: null, errors: [{ code, message }] };
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const method = req.method ?? 'GET';
    // Appended, not resolved: a path with repeated slashes ('//contacts/1/tags', what joining a base URL with an
    // embedded list's relative `url` gives) is a path, as Intercom takes it, not a protocol-relative URL.
    const url = new URL(`http://fake${req.url ?? '/'}`);
    let body: unknown;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = Symbol.for('invalid-json');
      }
    }
    if (url.pathname.startsWith('/_fake/')) {
      const reply = typeof body === 'symbol' ? { status: 400, json: { error: 'invalid JSON' } } : this.d.control(method, url, body);
      this.write(res, reply, {});
      return;
    }
    const st = this.stats;
    st.totalRequests++;
    this.concurrent++;
    st.peakConcurrent = Math.max(st.peakConcurrent, this.concurrent);
    res.on('close', () => this.concurrent--);

    const m = matchRoute(method, url.pathname);
    const key = m.route ? `${m.route.method} ${m.route.pattern}` : `${method} ${url.pathname}`;
    st.byRoute[key] = (st.byRoute[key] ?? 0) + 1;

    if (req.headers.authorization !== `Bearer ${this.d.token}`) {
      this.send(res, { status: 401, json: this.errorBody('unauthorized', 'Access Token Invalid') }, {});
      return;
    }
    const rate = this.d.limiter.take();
    if (!rate.allowed) {
      st.rateLimited++;
      this.send(res, { status: 429, json: this.errorBody('rate_limit_exceeded', 'You have exceeded the rate limit. Please try again later.') }, rate.headers);
      return;
    }
    const headers = rate.headers;
    const version = parseVersion(req.headers['intercom-version'] as string | undefined, this.d.profile.defaultVersion);
    if (version === null) {
      this.send(res, { status: 400, json: this.errorBody('intercom_version_invalid', 'Requested Intercom-Version is invalid') }, headers);
      return;
    }
    if (!m.route) {
      this.send(res, { status: 404, json: this.errorBody('not_found', 'Resource Not Found') }, headers);
      return;
    }
    const route = m.route;
    const ref: RouteRef = { key, pattern: route.pattern, method, path: url.pathname };
    if (route.scope !== null && this.d.forbiddenScopes.has(route.scope)) {
      this.send(res, { status: 403, json: this.errorBody('forbidden', `You do not have the required scope (${route.scope}) to access this resource.`) }, headers);
      return;
    }
    const refusal = refusalFor(this.d.profile, method, route.pattern);
    if (refusal) {
      this.send(res, { status: refusal.status, json: this.errorBody(refusal.code, refusal.message) }, headers);
      return;
    }
    const fault = this.d.faults.pick(ref);
    if (fault !== null) {
      switch (fault) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          this.hung.add(res);
          res.on('close', () => this.hung.delete(res));
          return;
        case 'empty':
          this.send(res, { status: 200, raw: '' }, headers);
          return;
        case 'non_json':
          this.send(res, { status: 200, raw: '<html><body><h1>Service temporarily unavailable</h1></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } }, headers);
          return;
        case 'server_error':
          this.send(res, { status: this.d.faults.serverErrorStatus(), json: this.errorBody('server_error', 'Server Error') }, headers);
          return;
        case 'rate_limit':
          st.rateLimited++;
          this.send(res, { status: 429, json: this.errorBody('rate_limit_exceeded', 'You have exceeded the rate limit. Please try again later.') }, { ...headers, 'X-RateLimit-Remaining': '0' });
          return;
        case 'scroll_exists':
          this.send(res, { status: 400, json: this.errorBody('scroll_exists', 'scroll already exists for this workspace. Please wait for the scroll to expire') }, headers);
          return;
        case 'scroll_restart':
          try {
            this.d.svc.scroll.restart();
          } catch {
            // restart() always throws the 500 it stands for
          }
          this.send(res, { status: 500, json: this.errorBody('server_error', SCROLL_RESTART_MESSAGE) }, headers);
          return;
        case 'unauthorized':
          this.send(res, { status: 401, json: this.errorBody('unauthorized', 'Access Token Invalid') }, {});
          return;
        case 'forbidden':
          this.send(res, { status: 403, json: this.errorBody('forbidden', `You do not have the required scope (${route.scope ?? 'unknown'}) to access this resource.`) }, headers);
          return;
        case 'plan_restricted':
          this.send(res, { status: 403, json: this.errorBody('api_plan_restricted', 'Active subscription needed.') }, headers);
          return;
        case 'not_found':
          this.send(res, { status: 404, json: this.errorBody('not_found', 'Resource Not Found') }, headers);
          return;
        case 'version_invalid':
          this.send(res, { status: 400, json: this.errorBody('intercom_version_invalid', 'Requested resource is not available in current API version.') }, headers);
          return;
        case 'use_other_endpoint':
          this.send(res, { status: 422, json: this.errorBody('parameter_invalid', `This endpoint is not available, use GET ${route.pattern}/v2 instead`) }, headers);
          return;
      }
    }
    if (typeof body === 'symbol') {
      this.send(res, { status: 400, json: this.errorBody('bad_request', 'Request body is not valid JSON') }, headers);
      return;
    }
    const ctx: Ctx = {
      method, path: url.pathname, params: m.params, query: url.searchParams, body, version,
      baseUrl: this.d.baseUrl(), w: this.d.world, wallNow: this.d.wallNow, region: this.d.profile.region,
    };
    let reply: Reply;
    try {
      reply = route.handler(ctx, this.d.svc);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      reply = { status: e.status, json: this.errorBody(e.code, e.message), headers: e.headers };
    }
    this.send(res, this.d.faults.alterReply(ref, reply), headers);
  }

  /** Counts the status, adds a request id, applies latency, writes. */
  private send(res: http.ServerResponse, answer: Reply, rateHeaders: Record<string, string>): void {
    const reply = this.d.faults.alterBytes(answer);
    const st = this.stats;
    st.statusCounts[String(reply.status)] = (st.statusCounts[String(reply.status)] ?? 0) + 1;
    const requestId = uuidFrom(this.d.seed * 17 + 3, ++this.requestSerial);
    if (reply.json && typeof reply.json === 'object' && (reply.json as Record<string, unknown>)['type'] === 'error.list') {
      (reply.json as Record<string, unknown>)['request_id'] = requestId;
    }
    const headers = { 'x-request-id': requestId, ...this.d.faults.alterRateHeaders(rateHeaders, this.d.wallNow()) };
    const delay = this.d.faults.delayMs(this.d.latencyMs, this.d.jitterMs);
    if (delay <= 0) {
      this.write(res, reply, headers);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.write(res, reply, headers);
    }, delay);
    this.timers.add(t);
  }

  private write(res: http.ServerResponse, reply: Reply, extra: Record<string, string>): void {
    if (res.destroyed) return;
    const text = reply.bytes ?? Buffer.from(reply.raw ?? JSON.stringify(reply.json ?? null), 'utf8');
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      ...extra,
      ...(reply.headers ?? {}),
      'content-length': text.length,
    });
    // 'finish': the last byte was handed to the socket, so the body's buffer is no longer read.
    const release = reply.release;
    if (release) res.once('finish', release);
    res.end(text);
  }
}

