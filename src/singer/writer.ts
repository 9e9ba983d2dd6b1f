import { OutputError } from '../common/errors';
import type { MessageWriter, SchemaMessage, TapState } from './types';

function toOutputError(err: unknown): OutputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END')
    return new OutputError(`target closed stdout (${code === 'EPIPE' ? 'EPIPE' : 'closed'}): stopping`, { cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  return new OutputError(`writing to stdout failed (${code ?? detail}): stopping`, { cause: err });
}

interface Waiter {
  resolve: () => void;
  reject: (err: OutputError) => void;
}

/**
 * Singer messages as JSON lines on `out`. A write returns a promise only when `out` is full (`write()`
 * returned false): the caller awaits 'drain', so a slow target slows the tap instead of growing memory.
 * Once `out` fails (EPIPE when the target exits), every write and flush rejects with the same OutputError.
 */
export function createMessageWriter(out: NodeJS.WritableStream): MessageWriter {
  let failure: OutputError | undefined;
  let waiters: Waiter[] = [];

  const settle = (err?: OutputError): void => {
    const list = waiters;
    waiters = [];
    for (const w of list) {
      if (err) w.reject(err);
      else w.resolve();
    }
  };
  const fail = (err: unknown): OutputError => {
    failure ??= toOutputError(err);
    settle(failure);
    return failure;
  };
  out.on('error', (err: unknown) => {
    fail(err);
  });
  out.on('drain', () => {
    settle();
  });
  out.on('close', () => {
    if (waiters.length > 0) fail(Object.assign(new Error('stdout closed'), { code: 'ERR_STREAM_DESTROYED' }));
  });

  const waitDrain = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (failure) reject(failure);
      else waiters.push({ resolve, reject });
    });

  const write = (text: string | Uint8Array): void | Promise<void> => {
    if (failure) return Promise.reject(failure);
    let ok: boolean;
    try {
      ok = out.write(text);
    } catch (err) {
      return Promise.reject(fail(err));
    }
    if (failure) return Promise.reject(failure);
    return ok ? undefined : waitDrain();
  };

  return {
    writeSchema(message: SchemaMessage) {
      return write(`${JSON.stringify(message)}\n`);
    },
    writeRecordLines(lines: string | Uint8Array) {
      if (lines.length === 0) return failure ? Promise.reject(failure) : undefined;
      return write(lines);
    },
    writeState(state: TapState) {
      return write(`${JSON.stringify({ type: 'STATE', value: state })}\n`);
    },
    async flush() {
      if (failure) throw failure;
      const w = out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
      if (w.writableNeedDrain) await waitDrain();
      await new Promise<void>((resolve, reject) => {
        // Listed so that an 'error' before the callback rejects; removed once the write completes.
        const waiter: Waiter = { resolve: () => undefined, reject };
        waiters.push(waiter);
        try {
          out.write('', (err?: Error | null) => {
            waiters = waiters.filter((x) => x !== waiter);
            if (err) reject(fail(err));
            else resolve();
          });
        } catch (err) {
          reject(fail(err));
        }
      });
      if (failure) throw failure;
    },
  };
}
