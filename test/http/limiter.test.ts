import { limiterId, redisClientOptions } from '../../src/http/limiter';
import {
  allowedToStart,
  isFresher,
  parseResetMs,
  readRateHeaders,
  refillAmount,
  refillDelayMs,
  MAX_RESET_BEHIND_MS,
} from '../../src/http/rate';

const NOW = 1_700_000_000_000;
const obs = (remaining: number, windowId: number) => ({ limit: 100, remaining, windowId, resetMs: windowId * 1000 });

describe('rate header parsing', () => {
  const headers = (limit: string, remaining: string, reset: string) => ({ 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset });
  it('reads the three headers, the reset as unix seconds', () => {
    const r = readRateHeaders(headers('166', '40', String(NOW / 1000 + 4)), NOW);
    expect(r).toEqual({ kind: 'observation', observation: { limit: 166, remaining: 40, windowId: NOW / 1000 + 4, resetMs: NOW + 4000 } });
  });
  it('reads nothing when a header is missing or malformed', () => {
    expect(readRateHeaders({ 'x-ratelimit-limit': '166', 'x-ratelimit-remaining': '40' }, NOW)).toEqual({ kind: 'none' });
    expect(readRateHeaders(headers('x', '1', '5'), NOW)).toEqual({ kind: 'none' });
  });
  it('names the header that makes no sense: a limit of 0, a reset long past (frozen) or further than a window ahead', () => {
    expect(readRateHeaders(headers('0', '0', String(NOW / 1000 + 4)), NOW)).toEqual({
      kind: 'problem', problem: { header: 'X-RateLimit-Limit', value: '0', why: 'no request could ever start' },
    });
    expect(readRateHeaders(headers('100', '50', String(NOW / 1000 - 60)), NOW)).toEqual({
      kind: 'problem', problem: { header: 'X-RateLimit-Reset', value: String(NOW / 1000 - 60), why: '60 s in the past' },
    });
    expect(readRateHeaders(headers('100', '0', String(NOW / 1000 + 3600)), NOW)).toEqual({
      kind: 'problem', problem: { header: 'X-RateLimit-Reset', value: String(NOW / 1000 + 3600), why: '3600 s ahead, more than a 10 s window' },
    });
  });
  it('takes a reset a little in the past as now (clock skew) and one a window ahead as it is', () => {
    expect(parseResetMs(String(NOW / 1000 - 5), NOW)).toBe(NOW);
    expect(parseResetMs(String(NOW / 1000 + 11), NOW)).toBe(NOW + 11_000);
    expect(parseResetMs(String(NOW / 1000 - MAX_RESET_BEHIND_MS / 1000 - 1), NOW)).toBeUndefined();
    expect(parseResetMs(String(NOW / 1000 + 12), NOW)).toBeUndefined();
    expect(parseResetMs('7', NOW)).toBe(NOW + 7000);
    expect(parseResetMs('-3', NOW)).toBeUndefined();
  });
});

describe('budget arithmetic', () => {
  it('lets start only what Remaining allows beyond the requests in flight', () => {
    expect(allowedToStart(20, 5)).toBe(15);
    expect(allowedToStart(3, 5)).toBe(0);
    expect(allowedToStart(3, -1)).toBe(3);
  });
  it('refills to the limit less what is in flight', () => {
    expect(refillAmount(166, 10)).toBe(156);
    expect(refillAmount(5, 10)).toBe(0);
  });
  it('waits until the reset plus the margin, never negative', () => {
    expect(refillDelayMs(NOW + 2000, NOW, 100)).toBe(2100);
    expect(refillDelayMs(NOW - 2000, NOW, 100)).toBe(100);
  });
  it('ignores stale observations: an older window, or a higher Remaining in the same window', () => {
    expect(isFresher(undefined, obs(50, 10))).toBe(true);
    expect(isFresher(obs(50, 10), obs(49, 10))).toBe(true);
    expect(isFresher(obs(50, 10), obs(50, 10))).toBe(true);
    expect(isFresher(obs(49, 10), obs(50, 10))).toBe(false);
    expect(isFresher(obs(1, 10), obs(99, 11))).toBe(true);
    expect(isFresher(obs(99, 11), obs(1, 10))).toBe(false);
  });
});

describe('redis settings', () => {
  it('derives the limiter id from a hash of the token, never the token', () => {
    const id = limiterId('secret-token-value');
    expect(id).not.toContain('secret-token-value');
    expect(id).toMatch(/^tap-intercom-[0-9a-f]{32}$/);
    expect(limiterId('secret-token-value')).toBe(id);
    expect(limiterId('another-token')).not.toBe(id);
  });
  it('reads host, port, credentials, db and tls from the URL', () => {
    expect(redisClientOptions('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2 });
    expect(redisClientOptions('rediss://u:p%40ss@cache.example:6379')).toEqual({
      host: 'cache.example',
      port: 6379,
      username: 'u',
      password: 'p@ss',
      tls: {},
    });
    expect(() => redisClientOptions('http://x')).toThrow(/redis:\/\//);
  });
});
