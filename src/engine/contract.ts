import type { IntercomClient } from '../http/types';
import type { PageSpec } from '../render/pool';
import type { RawRecord } from '../common/json';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';
import type { StreamMeta } from '../singer/types';

/**
 * A stream answers: its schema (schemas/streams/<name>.json), its key, how it replicates, and how its
 * records are read. The engine (src/engine) owns selection, transforms, SCHEMA/RECORD/STATE output,
 * bookmarks, children and parallelism; a stream only talks to Intercom.
 */
export type { Replication } from '../singer/types';
export type ReplicationKeyKind = 'datetime' | 'integer';

/** Lower and upper bound of one incremental read, in the replication key's unit (unix seconds or id). */
export interface ReadBounds {
  key: string;
  kind: ReplicationKeyKind;
  /** Inclusive lower bound: records with a key value >= start are wanted (bookmark - lookback). */
  start: number;
  /** Inclusive upper bound fixed when the run starts (the signpost); records above it wait for the next run. */
  end: number;
}

export interface ReadContext {
  client: IntercomClient;
  config: ResolvedConfig;
  logger: Logger;
  signal: AbortSignal;
  /** Present for incremental reads. */
  bounds?: ReadBounds;
  /** Page size to ask for (config.page_size). */
  pageSize: number;
  /** Run up to `limit` tasks at once (shared pool; the client's limiter still paces requests). */
  parallelism: number;
  /**
   * Present when the engine emits this reader's records exactly as read: a reader that yields a page's
   * list unchanged may pass `offloadPage(ctx, listKey)` as the request's `page`, so that the client can
   * parse and render the page on a worker. The records it then gets are projections keeping only `keep`:
   * `id`, the key properties, the replication key and the children's parentFields; the reader may read
   * nothing else of them.
   */
  pages?: Omit<PageSpec, 'listKey'>;
  warn(code: string, message: string, fields?: Record<string, unknown>): void;
  /**
   * Waits the stream rules ask for (e.g. companies' scroll_exists wait of a minute). Tests inject one
   * that records the delay instead of sleeping; absent means real timers.
   */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What a stream's read yields.
 * - `records`: a batch (usually one page) of raw records, as Intercom returns them.
 * - `checkpoint`: every record whose key value is <= `value` has been yielded already, and nothing
 *   older is still to come (`value` is the largest key value yielded in the completed part).
 *   Emitted by sorted readers after each page and by window readers after each completed prefix.
 * - `total`: how many records the API says there are, for progress displays.
 * A record that lacks a key property is never emitted (the engine counts and reports it).
 */
export type ReadEvent =
  | {
      kind: 'records';
      records: RawRecord[];
      /**
       * The records the config asked for by id (contact_ids, conversation_ids, note_ids): emitted, and
       * their children read, whatever their replication key (no bounds filter).
       */
      exact?: boolean;
    }
  | { kind: 'checkpoint'; value: number }
  | { kind: 'total'; count: number };

export interface StreamDefinition extends StreamMeta {
  /** Human-readable endpoint, for docs and errors: 'POST /contacts/search'. */
  readonly endpoint: string;
  /** Contact or company custom attributes are added to the schema at discovery. */
  readonly customAttributes?: 'contact' | 'company';
  /** Permission Intercom needs for this stream, named on 403 and when the stream is unavailable. */
  readonly scope?: string;
  /**
   * Parent streams: read every parent record before the first child request (companies: an idle scroll
   * expires, so child reads must not hold it up). Default: children are read as parents arrive.
   */
  readonly childrenAfterParents?: boolean;
  /** Top-level streams read records themselves. */
  read?(ctx: ReadContext): AsyncIterable<ReadEvent>;
  /** Child streams: how to read the children of one parent record (`parent` names the parent stream). */
  readChildren?(parent: RawRecord, ctx: ReadContext): AsyncIterable<RawRecord[]>;
  /** Child streams: the top-level fields of the parent record readChildren reads. */
  readonly parentFields?: readonly string[];
  /**
   * Parent streams: what completes a record the engine is about to emit (a contact's cut embedded lists,
   * from their sub-endpoints), or undefined, at once, when it is complete already (the usual case costs
   * nothing). `fields`: the record's top-level fields that will be emitted. The engine emits the completed
   * record and hands it to the children, which reuse what the completion fetched (one request for both).
   */
  completeRecord?(record: RawRecord, fields: readonly string[], ctx: ReadContext): (() => Promise<RawRecord>) | undefined;
  /** The list fields completeRecord completes; offloaded pages send a record whole when one of them is cut. */
  readonly completes?: readonly string[];
  /**
   * A child stream that the config asks to fetch by id (e.g. `note_ids`) runs on its own, with `read`,
   * instead of under its parent, when this returns true.
   */
  standaloneWhen?(config: ResolvedConfig): boolean;
}

/** How each stream family module exports its read functions, keyed by stream name. */
export type ReaderKeys = 'read' | 'readChildren' | 'parentFields' | 'standaloneWhen' | 'completeRecord' | 'completes';
export type Readers = Record<string, Pick<StreamDefinition, ReaderKeys>>;

/** The replication value of a record: unix seconds for date keys, the number for id keys. */
export function keyValue(record: RawRecord, key: string): number {
  const v = record[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const t = Date.parse(v);
    if (Number.isFinite(t)) return Math.floor(t / 1000);
  }
  return Number.NaN;
}
