import type { ProgressSink, StreamOutcome } from '../engine/progress';
import type { ClientEvent } from '../http/types';

/** `pending`: selected (see ProgressTracker.plan) but not started yet. */
export type StreamStatus = 'pending' | 'running' | StreamOutcome;

export interface StreamProgress {
  name: string;
  status: StreamStatus;
  records: number;
  /** What Intercom reported as the total (total_count), when it did; never for child streams. */
  total?: number;
  /** The parent stream of a child stream (its total is the parent's, not its own). */
  parent?: string;
  startedMs: number;
  finishedMs?: number;
  /** Waiting for the rate budget until this instant (ms epoch). */
  rateLimitedUntilMs?: number;
  /** A retry is pending until this instant (ms epoch), and why. */
  retryUntilMs?: number;
  retryReason?: string;
  retries: number;
}

export interface ProgressSnapshot {
  startedMs: number;
  streams: StreamProgress[];
  warnings: Array<{ code: string; message: string }>;
  retries: number;
  rateLimitWaits: number;
}

/**
 * Collects what the engine (ProgressSink) and the HTTP client (ClientEvent) report, for the live
 * display, the periodic line and the end summary. Pure bookkeeping: the clock is injected.
 * The sink methods are own properties (arrow functions), so the engine may spread the object.
 */
export class ProgressTracker implements ProgressSink {
  private readonly streams = new Map<string, StreamProgress>();
  private readonly warningList: Array<{ code: string; message: string }> = [];
  private retryCount = 0;
  private waitCount = 0;
  private readonly startedMs: number;
  /** Bumped on every change, so displays redraw only when needed. */
  version = 0;

  constructor(private readonly now: () => number) {
    this.startedMs = now();
  }

  private stream(name: string): StreamProgress {
    let s = this.streams.get(name);
    if (!s) {
      s = { name, status: 'running', records: 0, startedMs: this.now(), retries: 0 };
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * The streams the run will sync, known before they start: the display counts them from the start
   * (not as they start), and a child stream is never given a total (Intercom counts its parent only).
   */
  plan(streams: ReadonlyArray<{ name: string; parent?: string }>): void {
    for (const { name, parent } of streams) {
      if (!this.streams.has(name)) this.streams.set(name, { name, status: 'pending', records: 0, startedMs: this.now(), retries: 0 });
      const s = this.stream(name);
      if (parent !== undefined) {
        s.parent = parent;
        delete s.total;
      }
    }
    this.version++;
  }

  private begin(s: StreamProgress): void {
    if (s.status !== 'pending') return;
    s.status = 'running';
    s.startedMs = this.now();
  }

  readonly streamStarted = (stream: string): void => {
    const s = this.stream(stream);
    this.begin(s);
    s.status = 'running';
    this.version++;
  };

  readonly total = (stream: string, count: number): void => {
    const s = this.stream(stream);
    if (s.parent !== undefined) return;
    s.total = count;
    this.version++;
  };

  readonly records = (stream: string, count: number): void => {
    const s = this.stream(stream);
    this.begin(s);
    s.records += count;
    delete s.rateLimitedUntilMs;
    delete s.retryUntilMs;
    delete s.retryReason;
    this.version++;
  };

  readonly streamFinished = (stream: string, outcome: StreamOutcome): void => {
    const s = this.stream(stream);
    s.status = outcome;
    s.finishedMs = this.now();
    delete s.rateLimitedUntilMs;
    delete s.retryUntilMs;
    delete s.retryReason;
    this.version++;
  };

  readonly warning = (code: string, message: string): void => {
    this.warningList.push({ code, message });
    this.version++;
  };

  /** Pass as the client's `onEvent`. */
  readonly clientEvent = (event: ClientEvent): void => {
    const s = this.streams.get(event.stream);
    if (event.kind === 'rate-limit-wait') {
      this.waitCount++;
      if (s) s.rateLimitedUntilMs = Math.max(s.rateLimitedUntilMs ?? 0, event.untilMs);
    } else {
      this.retryCount++;
      if (s) {
        s.retries++;
        s.retryUntilMs = this.now() + event.delayMs;
        s.retryReason = event.reason;
      }
    }
    this.version++;
  };

  snapshot(): ProgressSnapshot {
    return {
      startedMs: this.startedMs,
      streams: [...this.streams.values()].map((s) => ({ ...s })),
      warnings: [...this.warningList],
      retries: this.retryCount,
      rateLimitWaits: this.waitCount,
    };
  }
}
