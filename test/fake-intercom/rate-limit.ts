/** The per-token budget over 10-second wall-clock windows, with Intercom's X-RateLimit-* headers. */
export const WINDOW_MS = 10000;

export class RateLimiter {
  private window = -1;
  private used = 0;
  /** Requests another client spends at the start of each window. */
  consumePer10s = 0;

  constructor(
    readonly limit: number,
    private readonly wallNow: () => number,
  ) {}

  /** Counts one request; returns the headers and whether it is over budget. */
  take(): { allowed: boolean; headers: Record<string, string> } {
    const now = this.wallNow();
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.used = Math.min(this.limit, this.consumePer10s);
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return { allowed, headers: this.headers() };
  }

  /** Headers without spending (e.g. for injected 429s). */
  headers(): Record<string, string> {
    const window = Math.floor(this.wallNow() / WINDOW_MS);
    const used = window === this.window ? this.used : Math.min(this.limit, this.consumePer10s);
    return {
      'X-RateLimit-Limit': String(this.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.limit - used)),
      'X-RateLimit-Reset': String(((window + 1) * WINDOW_MS) / 1000),
    };
  }
}
