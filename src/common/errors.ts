/**
 * One error hierarchy, grouped by what should happen next.
 * - UsageError, ConfigError, CatalogError, StateError: bad input; the CLI exits 2 with one line.
 * - IntercomApiError (and subclasses), NetworkError, AbortedError, OutputError, RecordValidationError: runtime; exit 1
 *   (a signal's stop exits 130/143, see src/cli.ts). stopsTheRun() tells which of them end every stream.
 * Messages never contain the access token or request headers.
 */
export class TapError extends Error {
  override name = 'TapError';
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** Bad command line. */
export class UsageError extends TapError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** Bad input file (config, catalog, state): names the file and the key. */
export class InputError extends TapError {
  override name = 'InputError';
  readonly file: string;
  /** Every problem found, each "key: what is expected". */
  readonly issues: readonly string[];
  constructor(kind: 'config' | 'catalog' | 'state', file: string, issues: readonly string[]) {
    super(`${kind} ${file}: ${issues.join('; ')}`, 2);
    this.file = file;
    this.issues = issues;
  }
}

export class ConfigError extends InputError {
  override name = 'ConfigError';
  constructor(file: string, issues: readonly string[]) {
    super('config', file, issues);
  }
}

export class CatalogError extends InputError {
  override name = 'CatalogError';
  constructor(file: string, issues: readonly string[]) {
    super('catalog', file, issues);
  }
}

export class StateError extends InputError {
  override name = 'StateError';
  constructor(file: string, issues: readonly string[]) {
    super('state', file, issues);
  }
}

export interface ApiErrorDetails {
  method: string;
  /** URL without query string and without credentials. */
  url: string;
  stream: string;
  status?: number;
  /** Intercom's error code (errors[0].code), e.g. rate_limit_exceeded, scroll_exists. */
  code?: string;
  requestId?: string;
  /** Intercom's error message (errors[0].message). */
  detail?: string;
  attempts?: number;
}

/** An answer from Intercom that is an error, after retries where they apply. */
export class IntercomApiError extends TapError {
  override name = 'IntercomApiError';
  readonly details: ApiErrorDetails;
  readonly retryable: boolean;
  constructor(message: string, details: ApiErrorDetails, retryable: boolean, options?: { cause?: unknown }) {
    super(message, 1, options);
    this.details = details;
    this.retryable = retryable;
  }
}

/** 401: "authentication failed: check access_token and region". */
export class AuthError extends IntercomApiError {
  override name = 'AuthError';
}

/** 403: names the stream and the missing permission. */
export class ForbiddenError extends IntercomApiError {
  override name = 'ForbiddenError';
}

/** 429 after all retries. */
export class RateLimitError extends IntercomApiError {
  override name = 'RateLimitError';
}

/** A 2xx answer whose list is not a list (null, an object, absent), after all retries: code `unexpected_shape`. */
export class UnexpectedShapeError extends IntercomApiError {
  override name = 'UnexpectedShapeError';
}

/** Connection reset, DNS, connect or timeout errors after all retries. */
export class NetworkError extends IntercomApiError {
  override name = 'NetworkError';
}

/** The run was asked to stop (SIGTERM/SIGINT): no new work is started. */
export class AbortedError extends TapError {
  override name = 'AbortedError';
  constructor(message = 'stopped by signal') {
    super(message, 1);
  }
}

/** stdout closed by the target (EPIPE) or failing. */
export class OutputError extends TapError {
  override name = 'OutputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 1, options);
  }
}

/** validate_records: a record does not fit its stream's schema (the message names stream, key and field). */
export class RecordValidationError extends TapError {
  override name = 'RecordValidationError';
  constructor(message: string) {
    super(message, 1);
  }
}

export function isTapError(err: unknown): err is TapError {
  return err instanceof TapError;
}

/**
 * Errors that stop the whole run at once, every stream: a token Intercom refuses (401: bad token or
 * wrong region), a target that closed stdout, a stop that was asked for. Any other error of one stream
 * fails that stream only; the others run to the end.
 */
export function stopsTheRun(err: unknown): boolean {
  return err instanceof AuthError || err instanceof OutputError || err instanceof AbortedError;
}
