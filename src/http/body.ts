/**
 * A response body to JSON: UTF-8 decode and parse, or the problem with it. Shared by the HTTP attempt
 * (send.ts) and the render workers (src/render/worker.ts), so both judge a body the same way.
 */
import { isUtf8 } from 'node:buffer';

export interface ParsedBody {
  /** Parsed JSON, or null with a problem. */
  data: unknown;
  problem?: 'empty body' | 'non-JSON body';
  /** Invalid UTF-8 sequences in the body, each read as U+FFFD (absent when there were none). */
  replaced?: number;
}

/** What makes a 2xx answer a failed attempt: its body (parseBody), or its list not being one (listProblem). */
export type BodyProblem = NonNullable<ParsedBody['problem']> | 'unexpected shape';

/**
 * A leading byte order mark is skipped (JSON forbids it, some proxies add it); invalid UTF-8 is replaced by
 * U+FFFD and counted, never a reason to refuse a body that is JSON otherwise.
 */
export function parseBody(body: Uint8Array): ParsedBody {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const replaced = isUtf8(bytes) ? 0 : replacedSequences(bytes, text);
  const counted = replaced > 0 ? { replaced } : {};
  if (text.trim() === '') return { data: null, problem: 'empty body', ...counted };
  try {
    return { data: JSON.parse(text) as unknown, ...counted };
  } catch {
    return { data: null, problem: 'non-JSON body', ...counted };
  }
}

/** U+FFFD the decoder put in for invalid sequences: those in the text less those the bytes spelled (EF BF BD). */
function replacedSequences(bytes: Buffer, text: string): number {
  let inText = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) inText++;
  let spelled = 0;
  const encoded = Buffer.from([0xef, 0xbf, 0xbd]);
  for (let i = bytes.indexOf(encoded); i >= 0; i = bytes.indexOf(encoded, i + 3)) spelled++;
  return Math.max(1, inText - spelled);
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
