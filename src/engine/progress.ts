/** What the engine reports while it runs, for the progress display and the end summary. */
export interface ProgressSink {
  streamStarted(stream: string): void;
  total(stream: string, count: number): void;
  records(stream: string, count: number): void;
  streamFinished(stream: string, outcome: 'done' | 'skipped' | 'failed'): void;
  warning(code: string, message: string): void;
}

export const silentProgress: ProgressSink = {
  streamStarted: () => undefined,
  total: () => undefined,
  records: () => undefined,
  streamFinished: () => undefined,
  warning: () => undefined,
};
