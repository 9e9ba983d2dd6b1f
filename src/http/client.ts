/**
 * The Intercom HTTP client: axios over keep-alive agents, every attempt through one BudgetLimiter,
 * retries by the pure policy in retry.ts, typed errors from errors.ts. The token is only ever in the
 * Authorization header: no axios error object escapes, and every message is redacted.
 */
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { AbortedError, IntercomApiError, NetworkError, TapError } from '../common/errors';
import type { Logger } from '../output/logger';
import { redactSecrets } from '../output/redact';
import { errorForNetwork, errorForResponse, errorForRule, type RequestContext, type RuleContext } from './errors';
import { BudgetLimiter } from './limiter';
import { readRateHeaders, WINDOW_MS, type RateHeaderProblem } from './rate';
import { attemptTimeoutMs, classify, retryDelay, retryFits } from './retry';
import { parseBody } from './body';
import { sendOnce, type AttemptResult, type BodyParser } from './send';
import { StatsCounters } from './stats';
import type { ApiResponse, BodyHook, ClientEvent, ClientStats, IntercomClient, RequestSpec } from './types';
import { endpointTemplate, requestUrl, urlForMessages, validateBaseUrl } from './url';

export interface ClientOptions {
  /** e.g. https://api.intercom.io or http://127.0.0.1:PORT (plain http only for loopback hosts). */
  baseUrl: string;
  token: string;
  /** Sent as Intercom-Version. */
  apiVersion: string;
  userAgent: string;
  /** Bounds every attempt (connect + response + body); a hung attempt is aborted and retried. */
  timeoutMs: number;
  maxRetries: number;
  /** Total time one request may spend retrying. */
  maxRetrySeconds: number;
  maxConcurrency: number;
  /** Budget per window assumed before rate headers are seen (config rate_limit_per_10s). */
  ratePer10s: number;
  /** Share the budget across processes through Redis (bottleneck clustering). */
  redisUrl?: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** ms epoch. */
  now?: () => number;
  random?: () => number;
  onEvent?: (e: ClientEvent) => void;
  /** Parses the large bodies of requests with a `page` (src/tap wires the render workers in). */
  bodyHook?: BodyHook;
}

const REDIS_READY_TIMEOUT_MS = 10_000;

function defaultSleeper(): { sleep: (ms: number) => Promise<void>; cancelAll: () => void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    cancelAll: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

class HttpIntercomClient implements IntercomClient {
  private readonly base: URL;
  private readonly axios: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly limiter: BudgetLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly cancelTimers: () => void;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly aborter = new AbortController();
  private readonly abortedPromise: Promise<never>;
  private limiterReady: Promise<void> | undefined;
  private readonly counters = new StatsCounters();
  /** Warnings given once per run (a header name, or utf8:<stream>). */
  private readonly warned = new Set<string>();

  constructor(private readonly options: ClientOptions) {
    this.base = validateBaseUrl(options.baseUrl);
    if (options.token === '') throw new TapError('access_token is empty', 2);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    const sleeper = defaultSleeper();
    this.sleep = options.sleep ?? sleeper.sleep;
    this.cancelTimers = sleeper.cancelAll;
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, rejectUnauthorized: true }),
    };
    this.axios = axios.create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      validateStatus: () => true,
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      timeout: 0,
      decompress: true,
    });
    // Every request in flight listens for abort: as many listeners as the concurrency allows.
    setMaxListeners(0, this.aborter.signal);
    this.abortedPromise = new Promise<never>((_, reject) => {
      this.aborter.signal.addEventListener('abort', () => reject(new AbortedError()), { once: true });
    });
    this.abortedPromise.catch(() => undefined);
    const limiterOptions = {
      maxConcurrency: options.maxConcurrency,
      initialBudget: options.ratePer10s,
      token: options.token,
      now: this.now,
      sleep: this.sleep,
      onError: (message: string) => options.logger.warn(redactSecrets(message, this.secrets())),
    };
    this.limiter = new BudgetLimiter(
      options.redisUrl === undefined ? limiterOptions : { ...limiterOptions, redisUrl: options.redisUrl },
    );
  }

  private secrets(): string[] {
    const secrets = [this.options.token];
    if (this.options.redisUrl !== undefined) {
      try {
        const password = new URL(this.options.redisUrl).password;
        if (password !== '') secrets.push(password, decodeURIComponent(password));
      } catch {
        // Not a URL: the limiter reports it.
      }
    }
    return secrets;
  }

  async request<T = unknown>(spec: RequestSpec): Promise<ApiResponse<T>> {
    if (this.aborter.signal.aborted) throw new AbortedError();
    const url = requestUrl(this.base, spec);
    const startedAt = this.now();
    const budgetMs = this.options.maxRetrySeconds * 1000;
    const maxRetries = spec.maxRetries ?? this.options.maxRetries;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(spec, url, attempt === 1 ? undefined : startedAt + budgetMs);
      const verdict = classify(result.outcome, spec.acceptStatus);
      if (verdict === 'ok' && result.kind === 'response') {
        const response: ApiResponse<T> = { status: result.status, data: result.data as T, headers: result.headers };
        if (result.requestId !== undefined) response.requestId = result.requestId;
        if (result.status < 200 || result.status > 299) response.error = result.error;
        return response;
      }
      const ctx: RequestContext = { ...this.ruleContext(spec, url), attempts: attempt };
      const onlyRateLimit = spec.retryOnly === 'rate-limit' && !(result.kind === 'response' && result.status === 429);
      if (verdict === 'fatal' || attempt > maxRetries || onlyRateLimit) throw this.failure(ctx, result);
      const delayInput = result.kind === 'response' ? { status: result.status, headers: result.headers } : {};
      const now = this.now();
      const delayMs = retryDelay(attempt, delayInput, now, this.random);
      if (!retryFits(now - startedAt, delayMs, budgetMs)) throw this.failure(ctx, result);
      this.counters.retried(spec.stream);
      // The reason quotes the server's error code, which a server may have built from our headers.
      const reason = redactSecrets(result.reason, this.secrets());
      const timeoutMs = attemptTimeoutMs(this.options.timeoutMs, startedAt + budgetMs, now + delayMs);
      this.options.onEvent?.({ kind: 'retry', stream: spec.stream, attempt, delayMs, timeoutMs, reason });
      this.options.logger.warn(
        `${spec.method} ${url.pathname}: ${reason}; retry ${attempt} of ${maxRetries} in ${(delayMs / 1000).toFixed(1)} s`,
        { stream: spec.stream },
      );
      await Promise.race([this.sleep(delayMs), this.abortedPromise]);
    }
  }

  private failure(ctx: RequestContext, result: AttemptResult): IntercomApiError {
    if (result.kind === 'response') {
      return errorForResponse(ctx, result.status, result.data, result.headers, result.problem, result.detail);
    }
    return errorForNetwork(ctx, result.reason, result.outcome.kind === 'network' ? result.outcome.code : 'ETIMEDOUT');
  }

  private ruleContext(spec: RequestSpec, url: URL): RuleContext {
    return { method: spec.method, url: urlForMessages(url), path: url.pathname, stream: spec.stream, secrets: this.secrets() };
  }

  error(spec: RequestSpec, message: string, from?: ApiResponse | IntercomApiError): IntercomApiError {
    return errorForRule(this.ruleContext(spec, requestUrl(this.base, spec)), message, from);
  }

  /** One attempt through the limiter: waits for the budget, sends, teaches the limiter, records metrics. */
  private async attempt(spec: RequestSpec, url: URL, deadlineMs: number | undefined): Promise<AttemptResult> {
    if (this.limiter.clustered) {
      this.limiterReady ??= this.limiter.waitReady(REDIS_READY_TIMEOUT_MS).catch((err: unknown) => {
        throw new NetworkError(
          `cannot use the Redis rate limiter: ${redactSecrets(err instanceof Error ? err.message : String(err), this.secrets())}`,
          { method: spec.method, url: urlForMessages(url), stream: spec.stream },
          false,
        );
      });
      await this.limiterReady;
    }
    const queuedAt = this.now();
    const paused = this.limiter.pausedUntilMs;
    if (paused !== undefined && paused > queuedAt) {
      this.options.onEvent?.({ kind: 'rate-limit-wait', stream: spec.stream, untilMs: paused });
    }
    try {
      return await this.limiter.schedule(async () => {
        if (this.aborter.signal.aborted) throw new AbortedError();
        const startedAt = this.now();
        this.counters.started(spec.stream, startedAt - queuedAt, startedAt);
        const result = await sendOnce(this.axios, {
          method: spec.method,
          url,
          body: spec.body,
          headers: this.headers(spec.body !== undefined),
          timeoutMs: attemptTimeoutMs(this.options.timeoutMs, deadlineMs, startedAt),
          signal: this.aborter.signal,
          ...this.bodyParser(spec),
          ...(spec.list !== undefined ? { list: spec.list } : {}),
        });
        if (this.aborter.signal.aborted) throw new AbortedError();
        const reading = result.kind === 'response' ? readRateHeaders(result.headers, this.now()) : undefined;
        if (reading?.kind === 'problem') this.warnRateHeader(reading.problem, spec.stream);
        const pausedUntil = await this.limiter.observe(reading?.kind === 'observation' ? reading.observation : undefined);
        if (result.kind === 'response' && result.replaced !== undefined) this.warnReplaced(spec, url, result.replaced);
        if (pausedUntil !== undefined) {
          this.options.onEvent?.({ kind: 'rate-limit-wait', stream: spec.stream, untilMs: pausedUntil });
          this.options.logger.debug(`rate budget exhausted: waiting ${Math.max(0, pausedUntil - this.now())} ms for the next window`);
        }
        this.recordResult(spec, url, result, (this.now() - startedAt) / 1000);
        return result;
      });
    } catch (err) {
      if (err instanceof AbortedError || this.aborter.signal.aborted) throw new AbortedError();
      throw err instanceof TapError
        ? err
        : new NetworkError(`rate limiter failed: ${err instanceof Error ? err.message : String(err)}`, {
            method: spec.method,
            url: urlForMessages(url),
            stream: spec.stream,
          }, false);
    }
  }

  /** For a request with a page: its large 2xx bodies go to the body hook. */
  private bodyParser(spec: RequestSpec): { parse?: BodyParser } {
    const hook = this.options.bodyHook;
    const page = spec.page;
    if (hook === undefined || page === undefined) return {};
    return {
      parse: (body, status) => {
        if (status < 200 || status >= 300 || body.byteLength < hook.minBytes || body.byteLength > hook.maxBytes) return parseBody(body);
        return hook.parse(body, page, new Date(this.now()).toISOString());
      },
    };
  }

  /** Once per header and run: a rate header that makes no sense is ignored, and the run paced without it. */
  private warnRateHeader(problem: RateHeaderProblem, stream: string): void {
    if (this.warned.has(problem.header)) return;
    this.warned.add(problem.header);
    this.options.logger.warn(
      `${problem.header}: ${redactSecrets(problem.value, this.secrets())} makes no sense (${problem.why}); rate headers like it are ignored ` +
        `and requests paced by the last sane budget (or rate_limit_per_10s) per ${WINDOW_MS / 1000} s window`,
      { stream, header: problem.header },
    );
  }

  /** Once per stream and run: invalid UTF-8 in a body was read as U+FFFD. */
  private warnReplaced(spec: RequestSpec, url: URL, count: number): void {
    const key = `utf8:${spec.stream}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.logger.warn(
      `${spec.method} ${url.pathname}: the answer held ${count} invalid UTF-8 sequence${count === 1 ? '' : 's'}, read as U+FFFD ` +
        `(warned once per stream)`,
      { stream: spec.stream, replaced: count },
    );
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.options.token}`,
      Accept: 'application/json',
      'Intercom-Version': this.options.apiVersion,
      'User-Agent': this.options.userAgent,
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  private recordResult(spec: RequestSpec, url: URL, result: AttemptResult, seconds: number): void {
    const status = result.kind === 'response' ? result.status : undefined;
    if (status === 429) this.counters.rateLimited(spec.stream);
    const tags: Record<string, unknown> = {
      endpoint: `${spec.method} ${endpointTemplate(url.pathname)}`,
      status: classify(result.outcome, spec.acceptStatus) === 'ok' ? 'succeeded' : 'failed',
    };
    if (status !== undefined) tags['http_status_code'] = status;
    this.options.logger.metric('timer', 'http_request_duration', Math.max(0, seconds), tags);
  }

  stats(): ClientStats {
    return this.counters.snapshot();
  }

  abort(): void {
    if (this.aborter.signal.aborted) return;
    this.aborter.abort();
    void this.limiter.stop();
  }

  async close(): Promise<void> {
    this.abort();
    await this.limiter.close();
    this.cancelTimers();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

export function createIntercomClient(options: ClientOptions): IntercomClient {
  return new HttpIntercomClient(options);
}
