/**
 * The contract between streams and the HTTP layer. Streams never see axios, the limiter or retries:
 * they describe a request and get parsed JSON back, or a typed error (see src/common/errors.ts).
 */
import type { IntercomApiError } from '../common/errors';
import type { ParsedBody } from './body';

export type QueryValue = string | number | boolean | undefined;

/**
 * Parses the large 2xx bodies of requests that carry a `page` (src/tap wires the render workers in): the
 * page is opaque to http/, which hands it over as it came.
 */
export interface BodyHook {
  /** Bodies smaller than this are parsed by the client (handing them over would not pay off)… */
  readonly minBytes: number;
  /** …and so are bodies larger than this. */
  readonly maxBytes: number;
  /**
   * Resolves as parseBody does; the data may differ from the body's (e.g. a list of projections), but a
   * body's list that is not a list stays as it was, so the client's shape check (RequestSpec.list) sees it.
   * A rejection ends the request (e.g. a record failing validation).
   */
  parse(bytes: Uint8Array, page: object, timeExtracted: string): Promise<ParsedBody>;
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
  /** Cap on retries for this call. */
  maxRetries?: number;
  /**
   * 'rate-limit': only a 429 is retried (a rate-limited request is refused before it does anything); any
   * other failure is thrown after one attempt, for requests that must not be re-sent (a scroll page).
   */
  retryOnly?: 'rate-limit';
  /** A page the client's body hook may parse (opaque to http/: see BodyHook). */
  page?: object;
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
  /** An answer that is not 2xx (an `acceptStatus`): Intercom's error object, read by intercomErrorInfo. */
  error?: IntercomErrorInfo;
}

/** Intercom's error object: errors[0].code / message and request_id (or the x-request-id header). */
export interface IntercomErrorInfo {
  code?: string;
  message?: string;
  requestId?: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Milliseconds spent waiting for the rate budget (not in flight), summed over requests. */
  waitedMs: number;
  /** Milliseconds of the run during which at least one request waited for the rate budget (wall clock). */
  waitedWallMs: number;
  byStream: Record<string, { requests: number; retries: number; rateLimited: number }>;
}

/** Events the client reports, for progress displays and logs. */
export type ClientEvent =
  | { kind: 'rate-limit-wait'; stream: string; untilMs: number }
  /** `timeoutMs`: the next attempt's timeout (cut by the retry budget, see retry.ts attemptTimeoutMs). */
  | { kind: 'retry'; stream: string; attempt: number; delayMs: number; timeoutMs?: number; reason: string };

export interface IntercomClient {
  request<T = unknown>(spec: RequestSpec): Promise<ApiResponse<T>>;
  stats(): ClientStats;
  /**
   * The typed error for a rule a stream applies to an answer (a scroll that cannot go on, a list past its
   * limit), named like the client's own errors: status, Intercom's code and request id from `from` (the
   * answer, or an earlier error of this request). Never retryable. Streams build no IntercomApiError themselves.
   */
  error(spec: RequestSpec, message: string, from?: ApiResponse | IntercomApiError): IntercomApiError;
  /** Stop starting new requests: pending and later calls reject with AbortedError. */
  abort(): void;
  /** Release connections, timers and the Redis connection. */
  close(): Promise<void>;
}
