/**
 * One HTTP attempt: send, read the body as bytes, parse JSON ourselves, and reduce any failure to plain
 * data (status, headers, body, or a network code). Nothing from an axios error is kept: it holds the
 * request headers, the token among them.
 */
import type { AxiosInstance } from 'axios';
import { intercomErrorInfo, type IntercomErrorInfo } from './errors';
import { listProblem, parseBody, type BodyProblem, type ParsedBody } from './body';
import type { AttemptOutcome } from './retry';

export interface ResponseResult {
  kind: 'response';
  outcome: Extract<AttemptOutcome, { kind: 'response' }>;
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  data: unknown;
  requestId?: string;
  /** Intercom's error object in the body, if any (intercomErrorInfo). */
  error: IntercomErrorInfo;
  problem?: BodyProblem;
  /** For 'unexpected shape': what is wrong ("`data` is null, not a list"). */
  detail?: string;
  /** Invalid UTF-8 sequences read as U+FFFD (ParsedBody.replaced). */
  replaced?: number;
  /** Short text for logs and retry events. */
  reason: string;
}

export interface FailureResult {
  kind: 'failure';
  outcome: Exclude<AttemptOutcome, { kind: 'response' }>;
  reason: string;
}

export type AttemptResult = ResponseResult | FailureResult;

/**
 * Parses a response body; may be asynchronous (a render worker). May throw: errors other than a body
 * that is not JSON (e.g. a record failing validation) end the request.
 */
export type BodyParser = (body: Uint8Array, status: number) => ParsedBody | Promise<ParsedBody>;

export interface SendSpec {
  method: 'GET' | 'POST';
  url: URL;
  body: unknown;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The client's abort signal: aborting it cancels the attempt. */
  signal: AbortSignal;
  /** Default: parseBody on this thread. */
  parse?: BodyParser;
  /** Where a 2xx body's list must be (RequestSpec.list): another value there makes the attempt fail. */
  list?: string;
}

/** Lower-cased header map; repeated headers joined with ", ". */
export function normalizeHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object') return out;
  const source = typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON: () => unknown }).toJSON() : raw;
  for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}

/** The system error code of a failed request (ECONNRESET, ENOTFOUND…), read without keeping the error. */
export function networkCode(err: unknown): string {
  const read = (value: unknown): string | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    const code = (value as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? code : undefined;
  };
  const cause = err !== null && typeof err === 'object' ? (err as { cause?: unknown }).cause : undefined;
  return read(cause) ?? read(err) ?? 'ERR_NETWORK';
}

export async function sendOnce(client: AxiosInstance, spec: SendSpec): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, spec.timeoutMs);
  const onAbort = (): void => controller.abort();
  spec.signal.addEventListener('abort', onAbort, { once: true });
  let response: { status: number; headers: unknown; data: unknown };
  try {
    response = await client.request<unknown>({
      method: spec.method,
      url: spec.url.toString(),
      headers: spec.headers,
      data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: controller.signal,
    });
  } catch (err) {
    if (timedOut) {
      return { kind: 'failure', outcome: { kind: 'timeout' }, reason: `no answer within ${spec.timeoutMs / 1000} s` };
    }
    const code = spec.signal.aborted ? 'ABORTED' : networkCode(err);
    return { kind: 'failure', outcome: { kind: 'network', code }, reason: `connection failed (${code})` };
  } finally {
    clearTimeout(timer);
    spec.signal.removeEventListener('abort', onAbort);
  }
  const headers = normalizeHeaders(response.headers);
  const status = response.status;
  const parsed = await (spec.parse ?? parseBody)(bodyBytes(response.data), status);
  const error = intercomErrorInfo(parsed.data, headers);
  const shape = parsed.problem === undefined && spec.list !== undefined && status >= 200 && status <= 299 && status !== 204
    ? listProblem(parsed.data, spec.list)
    : undefined;
  const problem: BodyProblem | undefined = parsed.problem ?? (shape === undefined ? undefined : 'unexpected shape');
  const result: ResponseResult = {
    kind: 'response',
    outcome: { kind: 'response', status, bodyOk: problem === undefined },
    status,
    headers,
    data: parsed.data,
    error,
    reason:
      problem === undefined
        ? `${status} ${error.code ?? ''}`.trim()
        : `${problem} in a ${status} answer${shape === undefined ? '' : `: ${shape}`}`,
  };
  if (problem !== undefined) result.problem = problem;
  if (shape !== undefined) result.detail = shape;
  if (parsed.replaced !== undefined) result.replaced = parsed.replaced;
  if (error.requestId !== undefined) result.requestId = error.requestId;
  return result;
}

/** The response body as bytes (axios gives a Buffer for responseType 'arraybuffer'). */
function bodyBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : new Uint8Array(0);
}
