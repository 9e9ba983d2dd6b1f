import { Writable } from 'node:stream';

/** A stderr stand-in: collects what is written; `isTTY` and `columns` as a terminal would report them. */
export class FakeTty extends Writable {
  chunks: string[] = [];
  constructor(readonly isTTY: boolean, readonly columns = 100) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    cb();
  }
  get text(): string {
    return this.chunks.join('');
  }
  take(): string {
    const t = this.text;
    this.chunks = [];
    return t;
  }
}

/** Timers that only record the interval; tests call tick() themselves. */
export function recordingTimers(): { setInterval: (fn: () => void, ms: number) => unknown; clearInterval: (h: unknown) => void; intervals: number[]; cleared: number } {
  const t = {
    intervals: [] as number[],
    cleared: 0,
    setInterval: (_fn: () => void, ms: number): unknown => {
      t.intervals.push(ms);
      return t.intervals.length;
    },
    clearInterval: (): void => {
      t.cleared++;
    },
  };
  return t;
}
