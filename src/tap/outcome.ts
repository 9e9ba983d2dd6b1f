/**
 * What one stream's error means for the run (pure rules, no I/O): the stream is unavailable in this
 * workspace (skipped with a warning, or an exit-1 line with skip_unavailable_streams off), or it failed
 * on its own (the other streams go on; an exit-1 line at the end). Errors that stop every stream at
 * once are common/errors.ts stopsTheRun().
 */
import { IntercomApiError } from '../common/errors';
import type { StreamDefinition } from '../engine/contract';

/** A selected stream the workspace or token does not offer, and the streams skipped with it. */
export interface UnavailableStream {
  stream: string;
  /** The stream and its selected children in the same group, all skipped. */
  skipped: string[];
  /** 'GET /help_center/collections' */
  endpoint: string;
  status: number;
  code?: string;
  requestId?: string;
  /** The one warning line: stream, status, Intercom's code and what to do. */
  message: string;
}

/** A stream that failed on an error of its own (retries exhausted, a 400, a 500 that never cleared, …). */
export interface StreamFailure {
  stream: string;
  /** The stream and the streams that failed with it (its selected children in the same group). */
  streams: string[];
  endpoint?: string;
  status?: number;
  code?: string;
  requestId?: string;
  /** The line that names it at the end of the run. */
  message: string;
  error: unknown;
}

function endpointOf(err: IntercomApiError): string {
  let path = err.details.url;
  try {
    path = new URL(err.details.url).pathname;
  } catch {
    // not a URL: keep it as it is
  }
  return `${err.details.method} ${path}`;
}

/** Intercom points to another endpoint (a 422 such as "use GET /conversations/attributes"). */
function pointsElsewhere(detail: string | undefined): boolean {
  return detail !== undefined && /(^|[\s`'"(])\/[a-z_]+/i.test(detail);
}

/**
 * Whether an error on a stream's first request means the workspace does not offer the stream: 403
 * (any code: a missing scope, api_plan_restricted), 404 on the stream's own collection endpoint (not on
 * one child id), 400 intercom_version_invalid, or 422 pointing to another endpoint.
 */
export function isUnavailable(err: unknown, def: StreamDefinition): err is IntercomApiError {
  if (!(err instanceof IntercomApiError)) return false;
  const { status, code, detail } = err.details;
  if (status === 403) return true;
  if (status === 404) return !def.endpoint.includes('{');
  if (status === 400) return code === 'intercom_version_invalid';
  if (status === 422) return pointsElsewhere(detail);
  return false;
}

/** What a user does about an unavailable stream. */
function advice(err: IntercomApiError, def: StreamDefinition, apiVersion: string): string {
  const deselect = `or deselect ${def.name} ("selected": false in the catalog, or leave it out of Meltano's select)`;
  const { status, code, detail } = err.details;
  if (status === 403 && code === 'api_plan_restricted') return `the workspace's Intercom plan does not include this API: deselect ${def.name} ("selected": false in the catalog, or leave it out of Meltano's select)`;
  if (status === 403) return `grant the access token the ${def.scope ?? 'permission Intercom names'} scope (Developer Hub > your app > Authentication), ${deselect}`;
  if (status === 404) return `the workspace does not offer this endpoint (a product it does not use): ${deselect.replace(/^or /, '')}`;
  if (status === 400) return `Intercom-Version ${apiVersion} does not offer this endpoint: set api_version to one that does, ${deselect}`;
  return `Intercom points to another endpoint (${detail ?? 'no detail'}): ${deselect.replace(/^or /, '')}`;
}

export function unavailableStream(err: IntercomApiError, def: StreamDefinition, skipped: readonly string[], apiVersion: string): UnavailableStream {
  const endpoint = endpointOf(err);
  const status = err.details.status as number;
  const { code, requestId } = err.details;
  const others = skipped.filter((s) => s !== def.name);
  const answer = `${endpoint} → ${status}${code === undefined ? '' : ` ${code}`}${requestId === undefined ? '' : `, request id ${requestId}`}`;
  const message =
    `stream ${def.name} is unavailable (${answer}): skipped${others.length > 0 ? ` with ${others.join(', ')}` : ''}; ` +
    advice(err, def, apiVersion);
  return { stream: def.name, skipped: [...skipped], endpoint, status, ...(code !== undefined ? { code } : {}), ...(requestId !== undefined ? { requestId } : {}), message };
}

export function streamFailure(err: unknown, stream: string, streams: readonly string[]): StreamFailure {
  const text = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
  const failure: StreamFailure = { stream, streams: [...streams], message: `stream ${stream} failed: ${text}`, error: err };
  if (err instanceof IntercomApiError) {
    failure.endpoint = endpointOf(err);
    const { status, code, requestId } = err.details;
    if (status !== undefined) failure.status = status;
    if (code !== undefined) failure.code = code;
    if (requestId !== undefined) failure.requestId = requestId;
  }
  return failure;
}

/** What a finished run (not stopped by a signal) says last, and its exit code. */
export interface RunEnd {
  code: 0 | 1;
  /** ERROR lines, the run's last stderr lines: one per failed (or, when not skipped, unavailable) stream. */
  errors: Array<{ message: string; fields: Record<string, unknown> }>;
}

export function runEnd(
  summary: { failures: readonly StreamFailure[]; unavailable: readonly UnavailableStream[]; streams: Readonly<Record<string, string>>; fatal?: unknown },
  skipUnavailable: boolean,
): RunEnd {
  if (summary.fatal !== undefined) {
    const message = summary.fatal instanceof Error ? summary.fatal.message : String(summary.fatal);
    return { code: 1, errors: [{ message: message.replace(/\s*\n\s*/g, ' '), fields: {} }] };
  }
  const errors: RunEnd['errors'] = summary.failures.map((f) => ({
    message: f.message,
    fields: {
      stream: f.stream,
      ...(f.endpoint !== undefined ? { endpoint: f.endpoint } : {}),
      ...(f.status !== undefined ? { status: f.status } : {}),
      ...(f.code !== undefined ? { code: f.code } : {}),
      ...(f.requestId !== undefined ? { request_id: f.requestId } : {}),
    },
  }));
  const names = Object.keys(summary.streams);
  const nothingAvailable = names.length > 0 && names.every((n) => summary.streams[n] === 'unavailable');
  if (!skipUnavailable || nothingAvailable) {
    for (const u of summary.unavailable) {
      const why = nothingAvailable && skipUnavailable ? 'no selected stream is available: ' : '';
      errors.push({
        message: `${why}${u.message}`,
        fields: { stream: u.stream, endpoint: u.endpoint, status: u.status, ...(u.code !== undefined ? { code: u.code } : {}), ...(u.requestId !== undefined ? { request_id: u.requestId } : {}) },
      });
    }
  }
  return { code: errors.length > 0 ? 1 : 0, errors };
}
