/**
 * A response body to JSON: UTF-8 decode and parse, or the problem with it. Shared by the HTTP attempt
 * (send.ts) and the render workers (src/render/worker.ts), so both judge a body the same way.
 */
export interface ParsedBody {
  /** Parsed JSON, or null with a problem. */
  data: unknown;
  problem?: 'empty body' | 'non-JSON body';
}

/** What makes a 2xx answer a failed attempt: its body (parseBody), or its list not being one (listProblem). */
export type BodyProblem = NonNullable<ParsedBody['problem']> | 'unexpected shape';

export function parseBody(body: Uint8Array): ParsedBody {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.trim() === '') return { data: null, problem: 'empty body' };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return { data: null, problem: 'non-JSON body' };
  }
}

/**
 * The value at a dotted path ('data', 'conversation_parts.conversation_parts'); 'data|companies' names
 * alternatives, the first one present is read.
 */
export function valueAt(data: unknown, path: string): unknown {
  const alternatives = path.split('|');
  let value: unknown;
  for (const alternative of alternatives) {
    value = data;
    for (const key of alternative.split('.')) {
      value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value !== undefined) return value;
  }
  return value;
}

/** Why a body's list at `path` is not a list ("`data` is null"), or undefined when it is one. */
export function listProblem(data: unknown, path: string): string | undefined {
  const value = valueAt(data, path);
  if (Array.isArray(value)) return undefined;
  const what =
    value === undefined ? 'absent' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return `\`${path}\` is ${what}, not a list`;
}
