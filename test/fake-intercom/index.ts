/**
 * A fake Intercom API server faithful to the official spec (see test/fake-intercom/README.md).
 * `startFakeIntercom()` serves a deterministic workspace generated from (seed, scale) on 127.0.0.1.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContactJsonCache } from './contact-cache';
import { handleControl } from './control';
import { Faults } from './faults';
import { groundTruth } from './ground-truth';
import type { Services } from './http-types';
import { Mutator } from './mutations';
import { RateLimiter } from './rate-limit';
import { ScrollManager } from './scroll';
import { SearchEngine } from './search-engine';
import { RequestPipeline, emptyStats } from './server';
import type { FakeIntercom, FakeIntercomOptions, FaultConfig } from './types';
import { profile as profileNamed } from './profiles';
import { parseVersion, type ApiVersion } from './version';
import { World } from './world';

export { PROFILE_NAMES, profile, type Profile, type ProfileName } from './profiles';
export type { FakeIntercom, FakeIntercomOptions, FakeStats, FaultConfig, FailKind, GroundTruthRow, FakeClock } from './types';

export async function startFakeIntercom(options: FakeIntercomOptions = {}): Promise<FakeIntercom> {
  const seed = options.seed ?? 1;
  const token = options.token ?? 'demo-token';
  const host = options.host ?? '127.0.0.1';
  const wallNow = options.wallClock ?? Date.now;
  const world = new World({ seed, scale: options.scale ?? 1, anchor: options.anchor ?? 1767225600, counts: options.counts ?? {} });
  const memo = new Map<string, { version: number; value: unknown }>();
  const scroll = new ScrollManager(seed, options.scrollExpiryMs ?? 60000, wallNow);
  const contactJson = new ContactJsonCache(world);
  for (const v of prerenderVersions(options.prerender ?? false)) contactJson.prerender(v);
  const svc: Services = {
    search: new SearchEngine(),
    scroll,
    contactJson,
    memo<T>(key: string, version: number, compute: () => T): T {
      const hit = memo.get(key);
      if (hit && hit.version === version) return hit.value as T;
      const value = compute();
      memo.set(key, { version, value });
      return value;
    },
  };
  const profile = profileNamed(options.profile);
  const limiter = new RateLimiter(options.rateLimitPer10s ?? profile.rateLimitPer10s ?? 1666, wallNow);
  const faults = new Faults(seed);
  const mutator = new Mutator(world);
  let url = '';

  const clock = {
    now: (): number => world.now,
    advance: (seconds: number): void => {
      world.now += seconds;
    },
    set: (unix: number): void => {
      world.now = unix;
    },
  };
  let pipeline: RequestPipeline;
  const setFaults = (f: FaultConfig): void => {
    faults.set(f);
    limiter.consumePer10s = f.consumeBudgetPer10s ?? 0;
    scroll.heldElsewhere = f.scrollExists === true;
  };
  const api = {
    updateRecords: (stream: string, count: number): string[] => mutator.update(stream, count),
    createRecords: (stream: string, count: number): string[] => mutator.create(stream, count),
    groundTruth: (stream: string) => groundTruth(world, stream),
    stats: () => structuredClone(pipeline.stats),
    resetStats: (): void => {
      pipeline.stats = emptyStats();
    },
    setFaults,
    clock,
  };
  pipeline = new RequestPipeline({
    token, seed, world, svc, limiter, faults,
    forbiddenScopes: new Set(options.forbiddenScopes ?? []),
    profile,
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    wallNow,
    baseUrl: () => url,
    control: (method, u, body) => handleControl(api, method, u, body),
  });
  const server = http.createServer({ noDelay: true }, (req, res) => pipeline.handle(req, res));
  server.on('connection', (socket) => socket.setNoDelay(true));
  server.keepAliveTimeout = 30000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;
  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    token,
    ...api,
    close(): Promise<void> {
      if (!closed) {
        closed = new Promise<void>((resolve) => {
          pipeline.shutdown();
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      return closed;
    },
  };
}

/** The shape families `prerender` asks for (true: the default version's). */
function prerenderVersions(option: boolean | readonly string[]): ApiVersion[] {
  const headers = option === true ? [undefined] : option === false ? [] : option;
  const out = new Set<ApiVersion>();
  for (const h of headers) {
    const v = parseVersion(h);
    if (v === null) throw new Error(`fake-intercom: prerender: unknown Intercom-Version ${JSON.stringify(h)}`);
    out.add(v);
  }
  return [...out];
}
