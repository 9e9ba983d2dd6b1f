/**
 * The contract between streams and the HTTP layer. Streams never see axios, the limiter or retries:
 * they describe a request and get parsed JSON back, or a typed error (see src/errors.ts).
 */
import type { RenderSpec } from '../render/records';

export type QueryValue = string | number | boolean | undefined;

/**
 * A list page whose records the engine will emit as they are: the client may parse it on a render
 * worker (when it has one and the body is large), which renders every record with `render` and puts
 * projections keeping only `keep` in the list (src/render/rendered.ts).
 */
export interface PageSpec {
  listKey: string;
  keep: readonly string[];
  render: RenderSpec;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** A path below the API root ('/contacts/search'), or an absolute URL on the same host (pages.next). */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The stream this request serves: named in errors, logs, metrics and 403 messages. */
  stream: string;
  /**
   * Statuses that are a normal answer for this call: returned as a response instead of thrown
   * (e.g. 404 that ends an expired companies scroll). Retries still apply to the others.
   */
  acceptStatus?: readonly number[];
  /** Cap on retries for this call (e.g. scroll pages must not be retried by the client). */
  maxRetries?: number;
  /** A page of records that may be parsed and rendered on a worker (see PageSpec). */
  page?: PageSpec;
  /**
   * Where the answer's list of records is, as a dotted path ('data', 'conversations',
   * 'conversation_parts.conversation_parts'): a 2xx body whose value there is not an array (absent, null,
   * an object) is a failed attempt, retried like a 5xx and then thrown, never taken as an empty page.
   */
  list?: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  data: T;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Intercom's x-request-id, when sent. */
  requestId?: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Milliseconds spent waiting for the rate budget (not in flight). */
  waitedMs: number;
  byStream: Record<string, { requests: number; retries: number; rateLimited: number }>;
}

/** Events the client reports, for progress displays and logs. */
export type ClientEvent =
  | { kind: 'rate-limit-wait'; stream: string; untilMs: number }
  | { kind: 'retry'; stream: string; attempt: number; delayMs: number; reason: string };

export interface IntercomClient {
  request<T = unknown>(spec: RequestSpec): Promise<ApiResponse<T>>;
  stats(): ClientStats;
  /** Stop starting new requests: pending and later calls reject with AbortedError. */
  abort(): void;
  /** Release connections, timers and the Redis connection. */
  close(): Promise<void>;
}
