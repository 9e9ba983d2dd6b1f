import { limiterId, redisClientOptions } from '../../src/http/limiter';
import {
  allowedToStart,
  isFresher,
  parseRateHeaders,
  parseResetMs,
  refillAmount,
  refillDelayMs,
  MAX_RESET_WAIT_MS,
} from '../../src/http/rate';

const NOW = 1_700_000_000_000;
const obs = (remaining: number, windowId: number) => ({ limit: 100, remaining, windowId, resetMs: windowId * 1000 });

describe('rate header parsing', () => {
  it('reads the three headers, the reset as unix seconds', () => {
    const o = parseRateHeaders(
      { 'x-ratelimit-limit': '166', 'x-ratelimit-remaining': '40', 'x-ratelimit-reset': String(NOW / 1000 + 4) },
      NOW,
    );
    expect(o).toEqual({ limit: 166, remaining: 40, windowId: NOW / 1000 + 4, resetMs: NOW + 4000 });
  });
  it('returns undefined when a header is missing or malformed', () => {
    expect(parseRateHeaders({ 'x-ratelimit-limit': '166', 'x-ratelimit-remaining': '40' }, NOW)).toBeUndefined();
    expect(parseRateHeaders({ 'x-ratelimit-limit': 'x', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '5' }, NOW)).toBeUndefined();
  });
  it('clamps the reset into [now, now + max] and reads small values as seconds from now', () => {
    expect(parseResetMs(String(NOW / 1000 - 100), NOW)).toBe(NOW);
    expect(parseResetMs(String(NOW / 1000 + 100_000), NOW)).toBe(NOW + MAX_RESET_WAIT_MS);
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
