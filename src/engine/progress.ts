/**
 * How a stream's run ended: read to the end; skipped because the workspace or token does not offer it
 * (403, 404 on its collection, ...); failed on an error of its own; stopped by a signal or by an error
 * that stops the whole run.
 */
export type StreamOutcome = 'done' | 'unavailable' | 'failed' | 'interrupted';

/** What the engine reports while it runs, for the progress display and the end summary. */
export interface ProgressSink {
  streamStarted(stream: string): void;
  total(stream: string, count: number): void;
  records(stream: string, count: number): void;
  streamFinished(stream: string, outcome: StreamOutcome): void;
  warning(code: string, message: string): void;
}

export const silentProgress: ProgressSink = {
  streamStarted: () => undefined,
  total: () => undefined,
  records: () => undefined,
  streamFinished: () => undefined,
  warning: () => undefined,
};
