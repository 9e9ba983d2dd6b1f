/**
 * The counting sink: reads the tap's stdout as a fast target would, counting RECORD lines per stream
 * without parsing them (the writer emits `{"type":"RECORD","stream":"<name>",...` exactly), keeping the
 * time of each stream's last record and the last STATE line. Optionally throttled to a byte rate, as a
 * slow target: the stream is paused, so the pipe fills and the tap must wait.
 */
import type { Readable } from 'node:stream';

const RECORD_PREFIX = '{"type":"RECORD","stream":"';
const STATE_PREFIX = '{"type":"STATE"';

export interface SinkResult {
  records: Record<string, number>;
  /** ms (performance.now()) of each stream's last RECORD. */
  lastRecordAt: Record<string, number>;
  /** ms of each stream's first RECORD. */
  firstRecordAt: Record<string, number>;
  /** The value of the last STATE message, parsed. */
  lastState: unknown;
  states: number;
  bytes: number;
}

export interface SinkOptions {
  /** Bytes per second the sink accepts; unlimited when absent. */
  bytesPerSecond?: number;
  now?: () => number;
}

const RECORD = Buffer.from(RECORD_PREFIX);
const STATE = Buffer.from(STATE_PREFIX);
const QUOTE = 0x22;
const NL = 0x0a;

/** Whether `buf` holds `prefix` at `at` (bytes). */
function startsAt(buf: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[at + k] !== prefix[k]) return false;
  return true;
}

export function countingSink(stream: Readable, options: SinkOptions = {}): Promise<SinkResult> {
  const now = options.now ?? (() => performance.now());
  const result: SinkResult = { records: {}, lastRecordAt: {}, firstRecordAt: {}, lastState: undefined, states: 0, bytes: 0 };
  /** The unfinished last line of the previous chunk (only its head matters, except for STATE lines). */
  let rest: Buffer | null = null;
  let lastStateLine: Buffer | null = null;
  const started = now();

  // Lines are classified on bytes, never decoded: the sink must cost far less than the tap it measures.
  const onLine = (buf: Buffer, from: number, to: number, at: number): void => {
    if (startsAt(buf, from, RECORD)) {
      const nameStart = from + RECORD.length;
      const end = buf.indexOf(QUOTE, nameStart);
      const name = buf.toString('latin1', nameStart, end < 0 || end > to ? to : end);
      const count = result.records[name];
      if (count === undefined) {
        result.records[name] = 1;
        result.firstRecordAt[name] = at;
      } else result.records[name] = count + 1;
      result.lastRecordAt[name] = at;
    } else if (startsAt(buf, from, STATE)) {
      result.states += 1;
      lastStateLine = Buffer.from(buf.subarray(from, to));
    }
  };

  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      const at = now();
      result.bytes += chunk.length;
      let from = 0;
      let nl = chunk.indexOf(NL);
      if (rest !== null && nl !== -1) {
        const line = Buffer.concat([rest, chunk.subarray(0, nl)]);
        onLine(line, 0, line.length, at);
        rest = null;
        from = nl + 1;
        nl = chunk.indexOf(NL, from);
      }
      for (; nl !== -1; nl = chunk.indexOf(NL, from)) {
        onLine(chunk, from, nl, at);
        from = nl + 1;
      }
      if (from < chunk.length) rest = rest === null ? Buffer.from(chunk.subarray(from)) : Buffer.concat([rest, chunk.subarray(from)]);
      const rate = options.bytesPerSecond;
      if (rate !== undefined) {
        // Hold reading until the byte budget so far is earned back.
        const dueMs = started + (result.bytes / rate) * 1000;
        const waitMs = dueMs - now();
        if (waitMs > 1) {
          stream.pause();
          setTimeout(() => stream.resume(), waitMs);
        }
      }
    });
    stream.once('error', reject);
    stream.once('end', () => {
      const tail: Buffer | null = rest;
      if (tail !== null) onLine(tail, 0, tail.length, now());
      const state: Buffer | null = lastStateLine;
      if (state !== null) result.lastState = (JSON.parse(state.toString('utf8')) as { value: unknown }).value;
      resolve(result);
    });
  });
}
