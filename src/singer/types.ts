import type { JsonObject, JsonSchema, JsonValue } from '../common/json';

/** Singer messages (spec 0.3.0). */
export interface SchemaMessage {
  type: 'SCHEMA';
  stream: string;
  schema: JsonSchema;
  key_properties: string[];
  bookmark_properties?: string[];
}
export interface RecordMessage {
  type: 'RECORD';
  stream: string;
  record: JsonObject;
  time_extracted: string;
}
export interface StateMessage {
  type: 'STATE';
  value: TapState;
}
export type SingerMessage = SchemaMessage | RecordMessage | StateMessage;

/** A bookmark value: RFC 3339 string for date-time keys, number for id keys. */
export type BookmarkValue = string | number;

/**
 * State: `{"bookmarks": {"<stream>": {"<replication key>": value}}, "currently_syncing": ...}`.
 * Other keys in a stream's bookmark object (and other top-level keys) are kept as they are.
 */
export interface TapState {
  bookmarks: Record<string, Record<string, JsonValue>>;
  currently_syncing: string | null;
  [key: string]: JsonValue;
}

/**
 * Writes Singer messages as JSON lines. `write*` may return a promise when the output is full;
 * callers await it (backpressure). The RECORD lines of one page (src/render) are written in one call.
 */
export interface MessageWriter {
  writeSchema(message: SchemaMessage): void | Promise<void>;
  /** RECORD lines already rendered (src/render): text, or UTF-8 bytes from a render worker. */
  writeRecordLines(lines: string | Uint8Array): void | Promise<void>;
  writeState(state: TapState): void | Promise<void>;
  /** Resolves once everything written has been flushed; rejects with OutputError if stdout failed. */
  flush(): Promise<void>;
}

/** Catalog (Singer). */
export type Breadcrumb = string[];
export interface MetadataEntry {
  breadcrumb: Breadcrumb;
  metadata: Record<string, JsonValue>;
}
export interface CatalogEntry {
  tap_stream_id: string;
  stream: string;
  schema: JsonSchema;
  key_properties?: string[];
  replication_key?: string;
  replication_method?: string;
  metadata: MetadataEntry[];
}
export interface Catalog {
  streams: CatalogEntry[];
}

/** What the engine needs to know of one selected stream, resolved from the catalog. */
export interface StreamSelection {
  name: string;
  schema: JsonSchema;
  keyProperties: string[];
  replicationMethod: 'FULL_TABLE' | 'INCREMENTAL';
  /** Set when INCREMENTAL. */
  replicationKey?: string;
  /** Top-level properties to emit (selected plus automatic, never unsupported). */
  fields: string[];
  /** The parent stream of a child stream (parent-tap-stream-id). */
  parent?: string;
}

export type Replication =
  | { method: 'FULL_TABLE' }
  | {
      method: 'INCREMENTAL';
      /**
       * valid-replication-keys; the first is the default replication key. Empty only for child streams
       * whose records carry no timestamp: their bookmark follows the parent's (stored under the parent's key).
       */
      keys: readonly string[];
    };

/** What the catalog and state rules need to know of a stream (the engine's StreamDefinition extends it). */
export interface StreamMeta {
  /** tap_stream_id and stream name. */
  readonly name: string;
  readonly keyProperties: readonly string[];
  readonly replication: Replication;
  readonly selectedByDefault: boolean;
  /** Child streams: the parent stream's name. */
  readonly parent?: string;
}
