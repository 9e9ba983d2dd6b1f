/**
 * The status → error table, and builders of the typed errors the client throws. Messages name the
 * method, the URL path (no query, no host credentials), the status, Intercom's error code and the request id;
 * they are built from our own data only (never from an axios error, which carries the request headers).
 */
import {
  AuthError,
  ForbiddenError,
  IntercomApiError,
  NetworkError,
  RateLimitError,
  UnexpectedShapeError,
  type ApiErrorDetails,
} from '../common/errors';
import type { BodyProblem } from './body';
import { redactSecrets } from '../output/redact';
import type { ApiResponse, IntercomErrorInfo } from './types';

export type { IntercomErrorInfo } from './types';

/** What one status means, for messages; `retryable` mirrors retry.ts. */
export const STATUS_TABLE: Readonly<Record<number, string>> = {
  400: 'bad request (a parameter Intercom does not accept)',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  406: 'not acceptable',
  408: 'request timeout',
  409: 'conflict',
  410: 'gone',
  415: 'unsupported media type',
  422: 'unprocessable entity',
  429: 'too many requests (rate limit exceeded)',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

export function describeStatus(status: number): string {
  const range = status >= 500 ? 'server error' : status >= 400 ? 'client error' : status >= 200 && status <= 299 ? 'ok' : 'unexpected status';
  return STATUS_TABLE[status] ?? range;
}

/** The request a stream's rule is about (errorForRule). */
export type RuleContext = Omit<RequestContext, 'attempts'>;

/** The request an error is about. */
export interface RequestContext {
  method: string;
  /** origin + path, without query or credentials. */
  url: string;
  /** The path alone, for messages. */
  path: string;
  stream: string;
  attempts: number;
  /** Secrets to redact from anything the server echoed. */
  secrets: readonly string[];
}

/**
 * Intercom's error object read from a body (errors[0].code / message, request_id; a bare `message` as
 * some gateways send) and the x-request-id header, which wins. The one reader of error bodies.
 */
export function intercomErrorInfo(body: unknown, headers: Record<string, string>): IntercomErrorInfo {
  const info: IntercomErrorInfo = {};
  const headerId = headers['x-request-id'];
  if (headerId !== undefined && headerId !== '') info.requestId = headerId;
  if (body === null || typeof body !== 'object') return info;
  const record = body as Record<string, unknown>;
  if (info.requestId === undefined && typeof record['request_id'] === 'string') info.requestId = record['request_id'];
  const errors = record['errors'];
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (first !== null && typeof first === 'object') {
    const { code, message } = first as Record<string, unknown>;
    if (typeof code === 'string') info.code = code;
    if (typeof message === 'string') info.message = message;
  } else if (typeof record['message'] === 'string') {
    info.message = record['message'];
  }
  return info;
}

/** The missing permission named in a 403 message: "(read_conversations)" or "scope read_x". */
export function missingPermission(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const match = /\(([a-z][a-z0-9_]*)\)/.exec(message) ?? /\bscope[:\s]+([a-z][a-z0-9_]*)/i.exec(message);
  return match?.[1];
}

function clip(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** "GET /contacts → 401 unauthorized, request id abc" */
function summary(ctx: RequestContext, status: number, info: IntercomErrorInfo): string {
  const code = info.code ?? describeStatus(status);
  const id = info.requestId === undefined ? '' : `, request id ${info.requestId}`;
  return `${ctx.method} ${ctx.path} → ${status} ${code}${id}`;
}

function details(ctx: RuleContext & { attempts?: number }, status: number | undefined, info: IntercomErrorInfo): ApiErrorDetails {
  const out: ApiErrorDetails = { method: ctx.method, url: ctx.url, stream: ctx.stream };
  if (ctx.attempts !== undefined) out.attempts = ctx.attempts;
  if (status !== undefined) out.status = status;
  // Code and request id come from the server: one that echoes the Authorization header must not put the token in the error.
  if (info.code !== undefined) out.code = redactSecrets(info.code, ctx.secrets);
  if (info.requestId !== undefined) out.requestId = redactSecrets(info.requestId, ctx.secrets);
  if (info.message !== undefined) out.detail = clip(redactSecrets(info.message, ctx.secrets));
  return out;
}

/**
 * The error for an HTTP answer that is not OK: fatal at once (4xx) or after the retries ran out
 * (429, 5xx, empty or non-JSON body).
 */
export function errorForResponse(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  problem?: BodyProblem,
  /** What is wrong with an 'unexpected shape' body. */
  shape?: string,
): IntercomApiError {
  const info = intercomErrorInfo(body, headers);
  const d = details(ctx, status, info);
  const where = summary(ctx, status, info);
  const detail = d.detail === undefined ? '' : `: ${d.detail}`;
  const after = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  const redact = (text: string): string => redactSecrets(text, ctx.secrets);
  if (status === 401) {
    return new AuthError(redact(`authentication failed: check access_token and region (${where})${detail}`), d, false);
  }
  if (status === 403) {
    const permission = missingPermission(info.message);
    const lacks = permission === undefined ? 'a permission' : `the ${permission} permission`;
    return new ForbiddenError(
      redact(`stream ${ctx.stream}: access denied, the access token lacks ${lacks} (${where})${detail}`),
      d,
      false,
    );
  }
  if (status === 429) {
    return new RateLimitError(redact(`rate limit still exceeded${after} (${where}, stream ${ctx.stream})${detail}`), d, true);
  }
  if (problem === 'unexpected shape' && status >= 200 && status <= 299) {
    const text = `unexpected shape in a ${status} answer${after} (${where}, stream ${ctx.stream}): ${shape ?? 'no list'}`;
    return new UnexpectedShapeError(redact(text), { ...d, code: 'unexpected_shape', detail: redact(shape ?? 'no list') }, true);
  }
  if (problem !== undefined && status >= 200 && status <= 299) {
    return new IntercomApiError(redact(`${problem} in a ${status} answer${after} (${where}, stream ${ctx.stream})`), d, true);
  }
  const retryable = status >= 500 || status === 408;
  const what = retryable ? `${describeStatus(status)}${after}` : describeStatus(status);
  return new IntercomApiError(redact(`${what} (${where}, stream ${ctx.stream})${detail}`), d, retryable);
}

/** The error for a request that got no answer: connection failure or timeout, after the retries. */
export function errorForNetwork(ctx: RequestContext, problem: string, code: string | undefined): NetworkError {
  const d = details(ctx, undefined, {});
  if (code !== undefined) d.code = code;
  const after = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  return new NetworkError(
    redactSecrets(`${problem}${after} (${ctx.method} ${ctx.path}, stream ${ctx.stream})`, ctx.secrets),
    d,
    true,
  );
}

/**
 * The error for a rule a stream applies to an answer (IntercomClient.error): never retryable, details
 * from the answer or from an earlier error of the same request.
 */
export function errorForRule(
  ctx: RuleContext,
  message: string,
  from?: ApiResponse | IntercomApiError,
): IntercomApiError {
  const redact = (text: string): string => redactSecrets(text, ctx.secrets);
  if (from instanceof IntercomApiError) return new IntercomApiError(redact(message), { ...from.details }, false, { cause: from });
  if (from === undefined) return new IntercomApiError(redact(message), details(ctx, undefined, {}), false);
  const info: IntercomErrorInfo = { ...from.error };
  if (from.requestId !== undefined) info.requestId = from.requestId;
  return new IntercomApiError(redact(message), details(ctx, from.status, info), false);
}
