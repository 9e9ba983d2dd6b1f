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

export function countingSink(stream: Readable, options: SinkOptions = {}): Promise<SinkResult> {
  const now = options.now ?? (() => performance.now());
  const result: SinkResult = { records: {}, lastRecordAt: {}, firstRecordAt: {}, lastState: undefined, states: 0, bytes: 0 };
  let rest = '';
  let lastStateLine = '';
  const started = now();

  const onLine = (line: string, at: number): void => {
    if (line.startsWith(RECORD_PREFIX)) {
      const end = line.indexOf('"', RECORD_PREFIX.length);
      const name = line.slice(RECORD_PREFIX.length, end);
      const count = result.records[name];
      if (count === undefined) {
        result.records[name] = 1;
        result.firstRecordAt[name] = at;
      } else result.records[name] = count + 1;
      result.lastRecordAt[name] = at;
    } else if (line.startsWith(STATE_PREFIX)) {
      result.states += 1;
      lastStateLine = line;
    }
  };

  return new Promise((resolve, reject) => {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const at = now();
      result.bytes += Buffer.byteLength(chunk);
      let text = rest + chunk;
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        onLine(text.slice(from, nl), at);
        from = nl + 1;
      }
      rest = text.slice(from);
      text = '';
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
      if (rest !== '') onLine(rest, now());
      if (lastStateLine !== '') result.lastState = (JSON.parse(lastStateLine) as { value: unknown }).value;
      resolve(result);
    });
  });
}
