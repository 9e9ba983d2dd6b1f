/** The client's counters (ClientStats): requests, retries and 429s, in all and per stream. */
import type { ClientStats } from './types';

export class StatsCounters {
  private readonly counters: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0, waitedWallMs: 0, byStream: {} };
  /** End of the union of wait intervals counted so far (waitedWallMs). */
  private waitedUntil = -Infinity;

  /**
   * An attempt starts at `startedAt` after waiting `waitedMs` for the rate budget. Attempts report in
   * the order they start, so the wait intervals arrive by their end: their union (the run's time with
   * at least one request waiting) grows by the part of each interval past the previous ends.
   */
  started(stream: string, waitedMs: number, startedAt: number): void {
    const waited = Math.max(0, waitedMs);
    this.counters.requests++;
    this.counters.waitedMs += waited;
    if (waited > 0) {
      this.counters.waitedWallMs += Math.max(0, startedAt - Math.max(startedAt - waited, this.waitedUntil));
      this.waitedUntil = Math.max(this.waitedUntil, startedAt);
    }
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
