/** Messages between the render pool (pool.ts) and its workers (worker.ts). */
import type { RenderSpec } from './records';

export type ToWorker =
  | { kind: 'spec'; id: number; spec: RenderSpec }
  | {
      kind: 'page';
      job: number;
      spec: number;
      /** The response body, UTF-8 JSON as received (moved, not copied). */
      bytes: Uint8Array;
      listKey: string;
      /** Top-level fields each projection keeps. */
      keep: readonly string[];
      timeExtracted: string;
    };

export type FromWorker =
  | {
      job: number;
      /** The body with its list replaced by projections. */
      data: Record<string, unknown>;
      lines: Uint8Array;
      offsets: Uint32Array;
    }
  | { job: number; problem: 'empty body' | 'non-JSON body' }
  | { job: number; error: string; validation: boolean };
