/**
 * The one limiter every request goes through: a concurrency cap and Intercom's rate budget, learned from
 * X-RateLimit-Limit / -Remaining / -Reset on each response (the arithmetic is in rate.ts). A bottleneck
 * reservoir applies it, optionally clustered through Redis so several processes share one budget.
 */
import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';
import {
  allowedToStart,
  isFresher,
  refillAmount,
  refillDelayMs,
  WINDOW_MS,
  MAX_RESET_WAIT_MS,
  RESET_MARGIN_MS,
  type RateObservation,
} from './rate';

/** The Redis key prefix shared by every process using the same token: a hash, never the token. */
export function limiterId(token: string): string {
  return `tap-intercom-${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}

export interface RedisClientOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
}

/** ioredis connection options from a redis:// or rediss:// URL. */
export function redisClientOptions(redisUrl: string): RedisClientOptions {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`rate_limit_redis_url must start with redis:// or rediss://, got ${url.protocol}//`);
  }
  const options: RedisClientOptions = {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
  };
  if (url.username !== '') options.username = decodeURIComponent(url.username);
  if (url.password !== '') options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (/^\d+$/.test(db)) options.db = Number(db);
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}

/**
 * Claims an observation cluster-wide: applied only when strictly fresher than the last one any process
 * applied (a later window, or a lower Remaining in the same window). KEYS[1]: the shared key;
 * ARGV: window id, remaining, key lifetime in ms. Returns 1 when claimed.
 */
export const CLAIM_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
local w = tonumber(ARGV[1])
local r = tonumber(ARGV[2])
if cur then
  local sep = string.find(cur, ' ')
  local cw = tonumber(string.sub(cur, 1, sep - 1))
  local cr = tonumber(string.sub(cur, sep + 1))
  if w < cw or (w == cw and r >= cr) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3])
return 1`;

/** Releases the update lock only when this process still holds it. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface RedisCommands {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<unknown>;
}

export interface BudgetLimiterOptions {
  maxConcurrency: number;
  initialBudget: number;
  /** Used only for the Redis id (hashed). */
  token: string;
  redisUrl?: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onError: (message: string) => void;
}

interface PendingUpdate {
  observation: RateObservation;
  atResponse: Promise<{ running: number; started: number }>;
  done: Promise<number | undefined>;
}

/** Bottleneck with a reservoir paced by the rate headers. Waits use the injected sleep and clock. */
export class BudgetLimiter {
  readonly clustered: boolean;
  /** When the budget is exhausted: the local time it refills; undefined while requests may start. */
  pausedUntilMs: number | undefined;
  private readonly bottleneck: Bottleneck;
  private readonly ready: Promise<unknown>;
  private last: RateObservation | undefined;
  /** Observations of this window or older are stale once it has been refilled. */
  private refilledWindowId = -1;
  private fallbackWindowEndMs: number | undefined;
  /** The limit of the last observation applied: the budget of fallback windows. */
  private saneLimit: number | undefined;
  private timerGeneration = 0;
  private updates: Promise<unknown> = Promise.resolve();
  /** The observation update queued but not started yet (see observe). */
  private waiting: PendingUpdate | undefined;
  private closed = false;

  constructor(private readonly options: BudgetLimiterOptions) {
    this.clustered = options.redisUrl !== undefined;
    const base = { maxConcurrent: options.maxConcurrency, reservoir: options.initialBudget };
    this.bottleneck =
      options.redisUrl === undefined
        ? new Bottleneck(base)
        : new Bottleneck({
            ...base,
            id: limiterId(options.token),
            datastore: 'ioredis',
            clearDatastore: false,
            clientOptions: redisClientOptions(options.redisUrl),
          });
    this.bottleneck.on('error', (err: unknown) => {
      options.onError(`rate limiter: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.ready = this.bottleneck.ready();
    this.ready.catch(() => undefined);
  }

  /** Resolves once the datastore is connected, or rejects after timeoutMs. */
  async waitReady(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`rate limiter datastore not ready after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  schedule<T>(job: () => Promise<T>): Promise<T> {
    return this.bottleneck.schedule(job);
  }

  /**
   * Learns from one finished attempt. Call it inside the job (the attempt still counts as running).
   * Without (sane) rate headers, a fallback window of WINDOW_MS refills the last limit the headers gave,
   * or the initial budget before any.
   * Resolves to the time the budget refills when this observation exhausted it, else undefined.
   */
  observe(observation: RateObservation | undefined): Promise<number | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (observation === undefined) {
      const now = this.options.now();
      if (this.last === undefined && (this.fallbackWindowEndMs === undefined || now >= this.fallbackWindowEndMs)) {
        this.fallbackWindowEndMs = now + WINDOW_MS;
        this.scheduleRefill(this.fallbackWindowEndMs, this.saneLimit ?? this.options.initialBudget, -1);
      }
      return Promise.resolve(undefined);
    }
    if (observation.windowId <= this.refilledWindowId || !isFresher(this.last, observation)) {
      return Promise.resolve(undefined);
    }
    const newWindow = this.last === undefined || observation.windowId !== this.last.windowId;
    this.last = observation;
    this.saneLimit = observation.limit;
    if (newWindow) this.scheduleRefill(observation.resetMs, observation.limit, observation.windowId);
    // Snapshot now: requests finishing while this update waits its turn may not be in Remaining.
    const atResponse = this.startCounts();
    atResponse.catch(() => undefined);
    // Only the freshest observation of a window matters: one still waiting its turn takes the newer one
    // (with its snapshot), so a burst of responses costs one budget update, not one each.
    const waiting = this.waiting;
    if (waiting !== undefined && waiting.observation.windowId === observation.windowId) {
      waiting.observation = observation;
      waiting.atResponse = atResponse;
      return waiting.done;
    }
    const slot: PendingUpdate = { observation, atResponse, done: Promise.resolve(undefined) };
    this.waiting = slot;
    let pausedUntil: number | undefined;
    slot.done = this.enqueueUpdate(async () => {
      if (this.waiting === slot) this.waiting = undefined;
      const applied = slot.observation;
      const before = await slot.atResponse;
      await this.withClusterLock(false, async () => {
        if (!(await this.claim(applied.windowId, applied.remaining))) return;
        const target = await this.setBudget((_running, started) =>
          allowedToStart(applied.remaining, before.running - 1 + (started - before.started)),
        );
        if (target === 0 && this.pausedUntilMs === undefined) {
          pausedUntil = applied.resetMs + RESET_MARGIN_MS;
          this.pausedUntilMs = pausedUntil;
        }
      });
    }).then(() => pausedUntil);
    return slot.done;
  }

  private scheduleRefill(resetMs: number, limit: number, windowId: number): void {
    const generation = ++this.timerGeneration;
    const delay = refillDelayMs(resetMs, this.options.now(), RESET_MARGIN_MS);
    this.options.sleep(delay).then(
      () => {
        if (generation !== this.timerGeneration || this.closed) return;
        this.refilledWindowId = Math.max(this.refilledWindowId, windowId);
        this.last = undefined;
        this.fallbackWindowEndMs = undefined;
        void this.enqueueUpdate(async () => {
          // Clustered, every process's timer fires: the first one refills, as window "W + 0.5".
          await this.withClusterLock(true, async () => {
            if (windowId < 0 || (await this.claim(windowId + 0.5, limit))) {
              await this.setBudget((running) => refillAmount(limit, running));
            }
          });
          this.pausedUntilMs = undefined;
        });
      },
      () => undefined,
    );
  }

  /** Requests running and started so far (running + done), cluster-wide when clustered; running read first. */
  private async startCounts(): Promise<{ running: number; started: number }> {
    const running = await this.bottleneck.running();
    const done = await this.bottleneck.done();
    return { running, started: running + done };
  }

  /** Locally every fresh observation applies; clustered, only one strictly fresher than any process applied. */
  private async claim(windowId: number, remaining: number): Promise<boolean> {
    const client = this.redis();
    if (client === undefined) return true;
    const key = `${limiterId(this.options.token)}:rate-observation`;
    return (await client.eval(CLAIM_SCRIPT, 1, key, windowId, remaining, 2 * MAX_RESET_WAIT_MS)) === 1;
  }

  private redis(): RedisCommands | undefined {
    return this.clustered ? (this.bottleneck.clients().client as RedisCommands | undefined) : undefined;
  }

  /**
   * Clustered, budget updates of all processes are serialised by a short Redis lock, so each one's
   * read-then-increment sees the others' results. An observation skips when the lock is busy (a fresher
   * one is being applied); a refill (mustRun) waits for it.
   */
  private async withClusterLock(mustRun: boolean, update: () => Promise<void>): Promise<void> {
    const client = this.redis();
    if (client === undefined) return update();
    const key = `${limiterId(this.options.token)}:update-lock`;
    const holder = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    for (let tries = 0; ; tries++) {
      if ((await client.set(key, holder, 'PX', 2000, 'NX')) === 'OK') break;
      if (!mustRun || tries >= 200 || this.closed) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    try {
      await update();
    } finally {
      await client.eval(RELEASE_SCRIPT, 1, key, holder);
    }
  }

  /** Serialises budget updates of this process so their read-modify-write steps do not interleave. */
  private enqueueUpdate(update: () => Promise<void>): Promise<void> {
    const next = this.updates.then(update).catch((err: unknown) => {
      if (!this.closed) this.options.onError(`rate limiter update failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.updates = next;
    return next;
  }

  /**
   * Sets the reservoir to target(running, started) as an increment (target − current, current read before
   * running): jobs starting meanwhile lower the reservoir and raise running alike, so they stay counted.
   * Updates never overlap: serialised per process, and by the Redis lock across processes.
   */
  private async setBudget(target: (running: number, started: number) => number): Promise<number> {
    const current = (await this.bottleneck.currentReservoir()) ?? 0;
    const { running, started } = await this.startCounts();
    const value = target(running, started);
    if (!this.closed && value !== current) await this.bottleneck.incrementReservoir(value - current);
    return value;
  }

  /** Rejects queued jobs (they fail with a bottleneck error the caller maps to AbortedError). */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timerGeneration++;
    try {
      await this.bottleneck.stop({ dropWaitingJobs: true });
    } catch {
      // stop() was already called.
    }
  }

  async close(): Promise<void> {
    await this.stop();
    await this.updates;
    try {
      await this.bottleneck.disconnect(false);
    } catch {
      // Already disconnected.
    }
  }
}
