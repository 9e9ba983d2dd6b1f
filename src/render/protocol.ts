/** Messages between the render pool (pool.ts) and its workers (worker.ts). */
import type { ParsedBody } from '../http/body';
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
      /** List fields that, when cut, make a record come back whole instead of projected. */
      whole: readonly string[];
      timeExtracted: string;
    };

export type FromWorker =
  | {
      job: number;
      /** parseBody's answer; for a page, its list holds projections. */
      parsed: ParsedBody;
      /** The RECORD lines of the list's records and each one's byte offset (empty when not a page). */
      lines: Uint8Array;
      offsets: Uint32Array;
      /** Top-level fields not in the schema that this worker saw first in this page (schema drift). */
      drift: string[];
    }
  | { job: number; error: string; validation: boolean };
