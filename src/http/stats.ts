/** The client's counters (ClientStats): requests, retries and 429s, in all and per stream. */
import type { ClientStats } from './types';

export class StatsCounters {
  private readonly counters: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0, byStream: {} };

  /** An attempt starts after waiting `waitedMs` for the rate budget. */
  started(stream: string, waitedMs: number): void {
    this.counters.requests++;
    this.counters.waitedMs += Math.max(0, waitedMs);
    this.of(stream).requests++;
  }

  retried(stream: string): void {
    this.counters.retries++;
    this.of(stream).retries++;
  }

  rateLimited(stream: string): void {
    this.counters.rateLimited++;
    this.of(stream).rateLimited++;
  }

  /** A copy: later requests do not change it. */
  snapshot(): ClientStats {
    const byStream: ClientStats['byStream'] = {};
    for (const [stream, counts] of Object.entries(this.counters.byStream)) byStream[stream] = { ...counts };
    return { ...this.counters, byStream };
  }

  private of(stream: string): ClientStats['byStream'][string] {
    const existing = this.counters.byStream[stream];
    if (existing !== undefined) return existing;
    const created = { requests: 0, retries: 0, rateLimited: 0 };
    this.counters.byStream[stream] = created;
    return created;
  }
}
