import { readFileSync } from 'node:fs';

/**
 * Reading the tap's input files (config, catalog, state). Problems come back as short issue texts
 * ("file not found", "not valid JSON at line 3 column 7") that never quote the file's content:
 * a config file holds the access token, and JSON.parse messages echo parts of the text.
 */
export type ReadResult = { ok: true; text: string } | { ok: false; issue: string };

export function readInputFile(file: string): ReadResult {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, issue: 'file not found' };
    if (code === 'EISDIR') return { ok: false, issue: 'is a directory, not a file' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, issue: 'cannot read file (permission denied)' };
    return { ok: false, issue: `cannot read file${code ? ` (${code})` : ''}` };
  }
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; issue: string };

/** JSON.parse with an issue text naming the line and column of a syntax error, never the content. */
export function parseJsonText(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, issue: 'empty file, expected JSON' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const match = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    if (!match) return { ok: false, issue: 'not valid JSON' };
    const position = Number(match[1]);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return { ok: false, issue: `not valid JSON (syntax error at line ${line} column ${column})` };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
