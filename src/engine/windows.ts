import type { RawRecord } from '../common/json';
import type { ReadEvent } from './contract';
import { Channel } from './channel';
import { Pool } from './pool';

/**
 * Parallel reading of one search by disjoint time windows, closed on both ends, with checkpoints only
 * over the completed prefix of windows. The unit is the search's resolution: Intercom compares contact
 * dates by day, conversation and ticket dates by the second.
 */
export type WindowUnit = 'second' | 'day';

export interface TimeWindow {
  /** Inclusive bounds, unix seconds. */
  from: number;
  to: number;
}

const DAY = 86400;

function alignDown(t: number, unit: WindowUnit): number {
  return unit === 'day' ? Math.floor(t / DAY) * DAY : t;
}

/** Splits [from, to] into at most `parts` disjoint, adjacent windows whose inner edges fall on unit boundaries. */
export function splitWindow(window: TimeWindow, parts: number, unit: WindowUnit): TimeWindow[] {
  const step = unit === 'day' ? DAY : 1;
  const firstUnit = alignDown(window.from, unit);
  const units = Math.floor((alignDown(window.to, unit) - firstUnit) / step) + 1;
  const n = Math.max(1, Math.min(parts, units));
  const out: TimeWindow[] = [];
  let from = window.from;
  for (let i = 1; i <= n; i += 1) {
    const boundary = i === n ? window.to + 1 : firstUnit + Math.round((units * i) / n) * step;
    if (boundary > from) {
      out.push({ from, to: boundary - 1 });
      from = boundary;
    }
  }
  return out;
}

/**
 * The search filter bounds for a window: `field > after AND field < before` returns every record of the
 * window whatever the comparison (`>` inclusive or not, by second or by day); the caller drops what lies
 * outside [from, to] client side.
 */
export function queryBounds(window: TimeWindow, unit: WindowUnit): { after: number; before: number } {
  if (unit === 'day') return { after: alignDown(window.from, unit) - 1, before: alignDown(window.to, unit) + DAY };
  return { after: window.from - 1, before: window.to + 1 };
}

export interface WindowPage {
  records: RawRecord[];
  /** Cursor of the next page, absent on the last. */
  next?: string;
  /** Records in the whole window, as the API reports it (total_count). */
  total?: number;
}

export interface WindowReaderOptions {
  start: number;
  end: number;
  unit: WindowUnit;
  parallelism: number;
  /** A window reporting more records than this is split (when it spans more than one unit). */
  maxPerWindow: number;
  fetchPage(window: TimeWindow, cursor: string | undefined): Promise<WindowPage>;
  valueOf(record: RawRecord): number;
  signal?: AbortSignal;
}

interface Slot {
  window: TimeWindow;
  done: boolean;
  max: number;
}

/** Tracks ordered windows; `complete` returns the new checkpoint value when the finished prefix grows. */
export class WindowProgress {
  private readonly slots: Slot[];
  private prefix = 0;
  private prefixMax = Number.NEGATIVE_INFINITY;

  constructor(windows: TimeWindow[]) {
    this.slots = windows.map((window) => ({ window, done: false, max: Number.NEGATIVE_INFINITY }));
  }

  get windows(): readonly TimeWindow[] {
    return this.slots.map((s) => s.window);
  }

  replace(window: TimeWindow, parts: TimeWindow[]): void {
    const i = this.slots.findIndex((s) => s.window === window);
    if (i < this.prefix) throw new Error('cannot split a completed window');
    this.slots.splice(i, 1, ...parts.map((w) => ({ window: w, done: false, max: Number.NEGATIVE_INFINITY })));
  }

  complete(window: TimeWindow, max: number): number | undefined {
    const slot = this.slots.find((s) => s.window === window);
    if (!slot) throw new Error('unknown window');
    slot.done = true;
    slot.max = max;
    const before = this.prefixMax;
    let moved = false;
    for (let s = this.slots[this.prefix]; s && s.done; s = this.slots[this.prefix]) {
      this.prefixMax = Math.max(this.prefixMax, s.max);
      this.prefix += 1;
      moved = true;
    }
    return moved && this.prefixMax > before && Number.isFinite(this.prefixMax) ? this.prefixMax : undefined;
  }
}

/** Reads [start, end] by windows in parallel; yields pages, totals and prefix checkpoints. */
export function readWindows(options: WindowReaderOptions): AsyncIterable<ReadEvent> {
  const { unit, parallelism } = options;
  const initial = options.end < options.start ? [] : splitWindow({ from: options.start, to: options.end }, parallelism, unit);
  const progress = new WindowProgress(initial);
  // Small on purpose: pages wait in the windows (not read further) while the consumer is busy, so memory stays flat.
  const channel = new Channel<ReadEvent>(Math.min(4, Math.max(2, parallelism)));
  const pool = new Pool(parallelism);
  let reportedTotal = 0;

  let outstanding = 0;
  const schedule = (window: TimeWindow): void => {
    outstanding += 1;
    pool.run(() => readWindow(window)).then(
      () => {
        outstanding -= 1;
        if (outstanding === 0) channel.close();
      },
      (err: unknown) => channel.fail(err),
    );
  };

  const readWindow = async (window: TimeWindow): Promise<void> => {
    let cursor: string | undefined;
    let max = Number.NEGATIVE_INFINITY;
    let first = true;
    do {
      if (channel.stopped || options.signal?.aborted) return;
      const page = await options.fetchPage(window, cursor);
      if (first) {
        first = false;
        const total = page.total ?? 0;
        if (total > options.maxPerWindow && window.to > window.from) {
          const parts = splitWindow(window, Math.ceil(total / options.maxPerWindow), unit);
          if (parts.length > 1) {
            // The parts are scheduled, not awaited: a pool task never waits on the pool.
            progress.replace(window, parts);
            parts.forEach(schedule);
            return;
          }
        }
        reportedTotal += total;
        await channel.push({ kind: 'total', count: reportedTotal });
      }
      const kept = page.records.filter((r) => {
        const v = options.valueOf(r);
        return v >= window.from && v <= window.to;
      });
      for (const r of kept) max = Math.max(max, options.valueOf(r));
      if (kept.length > 0) await channel.push({ kind: 'records', records: kept });
      cursor = page.next;
    } while (cursor !== undefined);
    const checkpoint = progress.complete(window, max);
    if (checkpoint !== undefined) await channel.push({ kind: 'checkpoint', value: checkpoint });
  };

  if (initial.length === 0) channel.close();
  initial.forEach(schedule);
  return channel;
}
