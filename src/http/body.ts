/**
 * A response body to JSON: UTF-8 decode and parse, or the problem with it. Shared by the HTTP attempt
 * (send.ts) and the render workers (src/render/worker.ts), so both judge a body the same way.
 */
export interface ParsedBody {
  /** Parsed JSON, or null with a problem. */
  data: unknown;
  problem?: 'empty body' | 'non-JSON body';
}

export function parseBody(body: Uint8Array): ParsedBody {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.trim() === '') return { data: null, problem: 'empty body' };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return { data: null, problem: 'non-JSON body' };
  }
}
