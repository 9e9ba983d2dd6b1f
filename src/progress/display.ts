import { Writable } from 'node:stream';
import { renderLine, renderLive } from './render';
import { ProgressTracker } from './tracker';

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressDisplayOptions {
  /** stderr (never stdout: it carries Singer messages). */
  stream: ProgressStream;
  /** A live ANSI display (stderr is a terminal) or, off a terminal, one line now and then. */
  live: boolean;
  /** ms epoch. Default Date.now. */
  now?: () => number;
  /** Format of the periodic line, like the log lines around it. Default text. */
  format?: 'text' | 'json';
  /** Live redraws at most this often. Default 250 ms (4 per second). */
  liveIntervalMs?: number;
  /** Periodic line off a terminal. Default 30 s. */
  lineIntervalMs?: number;
  /** On a terminal, drop the per-request Singer METRIC lines between redraws. Default true. */
  hideMetrics?: boolean;
  timers?: Timers;
}

export interface ProgressDisplay {
  readonly tracker: ProgressTracker;
  /** Where logs go: on a terminal the live block is erased, the log line written above it, the block restored. */
  readonly output: NodeJS.WritableStream;
  start(): void;
  /** Redraw (live) or write the periodic line; the timer calls it, tests call it directly. */
  tick(): void;
  /** Stop the timer; the live block is erased so that the summary follows the logs. */
  stop(): void;
}

const ESC = '\x1b[';
const defaultTimers: Timers = {
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** True when stderr is a terminal that understands cursor movement. */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

function isMetricLine(line: string): boolean {
  return line.startsWith('INFO METRIC: ') || line.includes('"message":"METRIC"');
}

export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const { stream, live } = options;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? defaultTimers;
  const hideMetrics = options.hideMetrics ?? true;
  const tracker = new ProgressTracker(now);
  let frame: string[] = [];
  let drawnVersion = -1;
  let drawnSecond = -1;
  let handle: unknown;
  let stopped = false;

  const erase = (): void => {
    if (frame.length > 0) stream.write(`\r${ESC}${frame.length}A${ESC}J`);
  };
  const draw = (lines: string[]): void => {
    frame = lines;
    if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
  };

  const redraw = (): void => {
    const t = now();
    const second = Math.floor(t / 1000);
    // Nothing new and the same second (rates, ETA and waits change by the second): keep the frame.
    if (tracker.version === drawnVersion && second === drawnSecond) return;
    drawnVersion = tracker.version;
    drawnSecond = second;
    const snap = tracker.snapshot();
    if (snap.streams.length === 0) return;
    const width = stream.columns ?? 100;
    const lines = renderLive(snap, t, width);
    erase();
    draw(lines);
  };

  const periodicLine = (): void => {
    const snap = tracker.snapshot();
    if (snap.streams.length === 0) return;
    const t = now();
    const text = renderLine(snap, t);
    const time = new Date(t).toISOString();
    stream.write(
      options.format === 'json'
        ? `${JSON.stringify({ level: 'info', message: text, time })}\n`
        : `${time.replace(/\.\d{3}Z$/, 'Z')} INFO ${text}\n`,
    );
  };

  const output = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (live && hideMetrics) {
        text = text
          .split(/(?<=\n)/)
          .filter((line) => !isMetricLine(line))
          .join('');
      }
      if (text === '') return callback();
      if (live && !stopped && frame.length > 0) {
        erase();
        stream.write(text);
        draw(frame);
      } else {
        stream.write(text);
      }
      callback();
    },
  });

  const tick = (): void => {
    if (stopped) return;
    if (live) redraw();
    else periodicLine();
  };

  return {
    tracker,
    output,
    tick,
    start() {
      if (handle !== undefined || stopped) return;
      handle = timers.setInterval(tick, live ? (options.liveIntervalMs ?? 250) : (options.lineIntervalMs ?? 30_000));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (handle !== undefined) timers.clearInterval(handle);
      if (live) {
        erase();
        frame = [];
      }
    },
  };
}
