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

const BOM = '\uFEFF';

/**
 * Offset of the first JSON syntax error in `text` (which JSON.parse rejected). Node's messages give a
 * position only for some errors ("Unexpected token ..." and "Unexpected end" have none), so the
 * grammar is walked here once, on failure.
 */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/**
 * JSON.parse with an issue text naming the line and column of a syntax error, never the content.
 * A UTF-8 byte order mark (Windows editors write one) is skipped.
 */
export function parseJsonText(text: string): ParseResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, issue: 'empty file, expected JSON' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    const position = syntaxErrorOffset(body);
    const before = body.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return { ok: false, issue: `not valid JSON (syntax error at line ${line} column ${column})` };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
