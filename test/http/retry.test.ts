import { attemptTimeoutMs, backoffDelay, classify, parseRetryAfterMs, retryDelay, retryFits, BACKOFF_CAP_MS } from '../../src/http/retry';
import { MAX_RESET_WAIT_MS, RESET_MARGIN_MS } from '../../src/http/rate';

const NOW = 1_700_000_000_000;

describe('classify', () => {
  it('accepts 2xx with a JSON body and 204', () => {
    expect(classify({ kind: 'response', status: 200, bodyOk: true })).toBe('ok');
    expect(classify({ kind: 'response', status: 204, bodyOk: false })).toBe('ok');
  });
  it('retries a 200 whose body is empty or not JSON, like a 5xx', () => {
    expect(classify({ kind: 'response', status: 200, bodyOk: false })).toBe('retry');
  });
  it('retries 429, 408 and every 5xx', () => {
    for (const status of [429, 408, 500, 502, 503, 504, 599]) {
      expect(classify({ kind: 'response', status, bodyOk: true })).toBe('retry');
    }
  });
  it('fails fast on other 4xx unless accepted', () => {
    for (const status of [400, 401, 403, 404, 409, 410, 422]) {
      expect(classify({ kind: 'response', status, bodyOk: true })).toBe('fatal');
    }
    expect(classify({ kind: 'response', status: 404, bodyOk: true }, [404])).toBe('ok');
    expect(classify({ kind: 'response', status: 404, bodyOk: false }, [404])).toBe('ok');
  });
  it('retries timeouts and transient network errors, not certificate errors', () => {
    expect(classify({ kind: 'timeout' })).toBe('retry');
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']) {
      expect(classify({ kind: 'network', code })).toBe('retry');
    }
    expect(classify({ kind: 'network', code: 'CERT_HAS_EXPIRED' })).toBe('fatal');
  });
});

describe('backoffDelay', () => {
  it('is full jitter over an exponential ceiling from 1 s, capped at 60 s', () => {
    expect(backoffDelay(1, () => 0.999999)).toBe(999);
    expect(backoffDelay(2, () => 0.5)).toBe(1000);
    expect(backoffDelay(4, () => 0.5)).toBe(4000);
    expect(backoffDelay(30, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelay(30, () => 0.999999)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });
});

describe('retryDelay', () => {
  it('waits for X-RateLimit-Reset plus a margin on 429', () => {
    const headers = { 'x-ratelimit-reset': String(NOW / 1000 + 3) };
    expect(retryDelay(1, { status: 429, headers }, NOW, () => 0.5)).toBe(3000 + RESET_MARGIN_MS);
  });
  it('backs off instead of trusting a reset that makes no sense, and never waits negative', () => {
    const far = { 'x-ratelimit-reset': String(NOW / 1000 + 86_400) };
    expect(retryDelay(1, { status: 429, headers: far }, NOW, () => 0.5)).toBe(500);
    const frozen = { 'x-ratelimit-reset': String(NOW / 1000 - 50) };
    expect(retryDelay(2, { status: 429, headers: frozen }, NOW, () => 0.5)).toBe(1000);
    const justPast = { 'x-ratelimit-reset': String(NOW / 1000 - 2) };
    expect(retryDelay(1, { status: 429, headers: justPast }, NOW, () => 0.5)).toBe(RESET_MARGIN_MS);
  });
  it('clamps a far Retry-After', () => {
    expect(retryDelay(1, { status: 503, headers: { 'retry-after': '86400' } }, NOW, () => 0.5)).toBe(MAX_RESET_WAIT_MS);
  });
  it('falls back to Retry-After, then to backoff, on a 429 without reset', () => {
    expect(retryDelay(1, { status: 429, headers: { 'retry-after': '2' } }, NOW, () => 0.5)).toBe(2000 + RESET_MARGIN_MS);
    expect(retryDelay(3, { status: 429, headers: {} }, NOW, () => 0.5)).toBe(2000);
  });
  it('backs off exponentially on 5xx and network errors', () => {
    expect(retryDelay(1, { status: 503 }, NOW, () => 0.5)).toBe(500);
    expect(retryDelay(3, {}, NOW, () => 0.5)).toBe(2000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('5', NOW)).toBe(NOW + 5000);
    expect(parseRetryAfterMs(new Date(NOW + 7000).toUTCString(), NOW)).toBe(NOW + 7000);
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
  });
});

describe('the retry budget', () => {
  it('a retry fits while some of the budget is left after its wait', () => {
    expect(retryFits(0, 990, 2000)).toBe(true);
    expect(retryFits(990, 1980, 2000)).toBe(false);
    expect(retryFits(1000, 1000, 2000)).toBe(false);
  });
  it("cuts a retry's timeout to the end of the budget; the first attempt keeps its own", () => {
    expect(attemptTimeoutMs(300_000, undefined, NOW)).toBe(300_000);
    expect(attemptTimeoutMs(300_000, NOW + 42_000, NOW)).toBe(42_000);
    expect(attemptTimeoutMs(30_000, NOW + 42_000, NOW)).toBe(30_000);
    expect(attemptTimeoutMs(30_000, NOW, NOW + 5)).toBe(1);
  });
});
