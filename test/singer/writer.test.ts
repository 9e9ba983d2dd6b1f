import { Writable } from 'node:stream';
import { OutputError } from '../../src/common/errors';
import { recordLines } from '../../src/render/records';
import { createMessageWriter } from '../../src/singer/writer';

/** A Writable that holds each chunk until release() is called (a slow target). */
function slowWritable(highWaterMark: number): { stream: Writable; received: string[]; release: () => void } {
  const received: string[] = [];
  let pending: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      received.push(chunk.toString());
      pending.push(cb);
    },
  });
  const release = (): void => {
    const list = pending;
    pending = [];
    for (const cb of list) cb();
  };
  return { stream, received, release };
}

/** The production path: RECORD lines rendered as src/render does, written with writeRecordLines. */
const page = (n: number, from = 0): Array<{ id: string; n: number }> =>
  Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, n: from + i }));

describe('createMessageWriter', () => {
  it('writes a page of records as JSON lines in one write call', () => {
    const chunks: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    });
    const writer = createMessageWriter(out);
    expect(writer.writeRecordLines(recordLines('contacts', page(3), '2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(chunks).toHaveLength(1);
    const lines = (chunks[0] ?? '').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([0, 1, 2].map((i) => ({
      type: 'RECORD',
      stream: 'contacts',
      record: { id: `c${i}`, n: i },
      time_extracted: '2026-01-01T00:00:00Z',
    })));
    writer.writeSchema({ type: 'SCHEMA', stream: 's', schema: { type: 'object' }, key_properties: ['id'] });
    writer.writeState({ bookmarks: {}, currently_syncing: null });
    expect(JSON.parse(chunks[2] ?? '')).toEqual({ type: 'STATE', value: { bookmarks: {}, currently_syncing: null } });
  });

  it('returns a promise when the output is full and resolves it on drain (bounded buffering)', async () => {
    const slow = slowWritable(1024);
    const writer = createMessageWriter(slow.stream);
    let written = 0;
    let maxBuffered = 0;
    const producer = (async () => {
      for (let p = 0; p < 50; p++) {
        const result = writer.writeRecordLines(recordLines('contacts', page(20, p * 20), '2026-01-01T00:00:00Z'));
        written++;
        maxBuffered = Math.max(maxBuffered, slow.stream.writableLength);
        if (result) await result;
      }
      await writer.flush();
    })();
    // The producer stops after the first page fills the buffer: it waits for the target.
    await new Promise((r) => setImmediate(r));
    expect(written).toBe(1);
    for (let i = 0; i < 200 && written < 50; i++) {
      slow.release();
      await new Promise((r) => setImmediate(r));
    }
    const release = setInterval(slow.release, 1);
    await producer;
    clearInterval(release);
    expect(written).toBe(50);
    // Never more than one page beyond the high-water mark was held in memory (without backpressure: all 50).
    const largestPage = Math.max(...slow.received.map((c) => c.length));
    expect(maxBuffered).toBeLessThanOrEqual(1024 + largestPage);
    const ids = slow.received.join('').trimEnd().split('\n').map((l) => (JSON.parse(l) as { record: { n: number } }).record.n);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('turns EPIPE into an OutputError from the next write and keeps rejecting', async () => {
    const out = new Writable({
      write(_chunk, _e, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const writer = createMessageWriter(out);
    const first = writer.writeRecordLines(recordLines('contacts', page(1), 't'));
    if (first) await first.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(writer.writeState({ bookmarks: {}, currently_syncing: null })).rejects.toThrow('target closed stdout (EPIPE): stopping');
    await expect(writer.writeRecordLines(recordLines('contacts', page(1), 't'))).rejects.toBeInstanceOf(OutputError);
    await expect(writer.flush()).rejects.toThrow('target closed stdout (EPIPE): stopping');
  });

  it('rejects a write waiting for drain when the stream fails instead of hanging', async () => {
    const slow = slowWritable(16);
    const writer = createMessageWriter(slow.stream);
    const waiting = writer.writeRecordLines(recordLines('contacts', page(5), 't'));
    expect(waiting).toBeInstanceOf(Promise);
    slow.stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(waiting).rejects.toBeInstanceOf(OutputError);
    await expect(writer.flush()).rejects.toBeInstanceOf(OutputError);
  });

  it('flush resolves once everything is written', async () => {
    const slow = slowWritable(1 << 20);
    const writer = createMessageWriter(slow.stream);
    writer.writeRecordLines(recordLines('a', page(2), 't'));
    let flushed = false;
    const f = writer.flush().then(() => {
      flushed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(flushed).toBe(false);
    const t = setInterval(slow.release, 1);
    await f;
    clearInterval(t);
    expect(flushed).toBe(true);
  });
});
