/**
 * The bad input table: malformed config, catalog and state files. Each must exit 2 with exactly one
 * stderr line that names the file, the key and what is expected, and print nothing on stdout (a
 * target must never read half a run). test/cli/cli.test.ts covers the command line itself and 16
 * other cases against the built CLI; these run `main` in process (same code, no build needed).
 * None of them reaches the network: the base URL is a closed loopback port.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli';
import { buildDefaultCatalog } from '../../src/tap/discover';
import type { Catalog, CatalogEntry } from '../../src/singer/types';

const TOKEN = 'tok_SECRET_abc123';
const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-bad-input-'));
let n = 0;

function file(content: unknown, name = `f${n++}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const goodConfig = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ access_token: TOKEN, base_url: 'http://127.0.0.1:9', ...extra });
const CONFIG = file(goodConfig(), 'config.json');

/** The default catalog with only `stream` selected, changed by `edit`. */
function catalog(stream: string, edit: (entry: CatalogEntry) => void = () => undefined): Catalog {
  const c = buildDefaultCatalog();
  for (const entry of c.streams) {
    const md = entry.metadata.find((m) => m.breadcrumb.length === 0);
    if (md) md.metadata.selected = entry.tap_stream_id === stream;
    if (entry.tap_stream_id === stream) edit(entry);
  }
  return c;
}

const rootMd = (entry: CatalogEntry): Record<string, unknown> => (entry.metadata.find((m) => m.breadcrumb.length === 0) as { metadata: Record<string, unknown> }).metadata;

interface Case {
  name: string;
  /** Command line; the file a message must name is `names`. */
  args: () => { args: string[]; names: string; env?: NodeJS.ProcessEnv };
  /** Key and expectation in the one stderr line. */
  expect: RegExp;
}

const config = (content: unknown, expect: RegExp, name: string): Case => ({
  name: `config: ${name}`,
  args: () => {
    const f = file(content);
    return { args: ['--config', f, '--discover'], names: f };
  },
  expect,
});

const cat = (content: unknown, expect: RegExp, name: string): Case => ({
  name: `catalog: ${name}`,
  args: () => {
    const f = file(content);
    return { args: ['--config', CONFIG, '--catalog', f], names: f };
  },
  expect,
});

const state = (content: unknown, expect: RegExp, name: string): Case => ({
  name: `state: ${name}`,
  args: () => {
    const f = file(content);
    return { args: ['--config', CONFIG, '--catalog', file(catalog('tags')), '--state', f], names: f };
  },
  expect,
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const CASES: Case[] = [
  // config files
  {
    name: 'config: a directory, not a file',
    args: () => {
      const d = join(dir, `dir${n++}`);
      mkdirSync(d);
      return { args: ['--config', d, '--discover'], names: d };
    },
    expect: /: is a directory, not a file$/,
  },
  config('', /: empty file, expected JSON$/, 'an empty file'),
  config('{"access_token": "x" "region": "us"}', /: not valid JSON \(syntax error at line 1 column \d+\)$/, 'not JSON, with the place of the error'),
  config([goodConfig()], /: must be a JSON object$/, 'an array, not an object'),
  config('"just a string"', /: must be a JSON object$/, 'a string, not an object'),
  config({ base_url: 'http://127.0.0.1:9' }, /: access_token: is required$/, 'access_token missing'),
  {
    name: 'config: access_token missing while TAP_INTERCOM_* variables are set (without --config ENV)',
    args: () => {
      const f = file({ base_url: 'http://127.0.0.1:9' });
      return { args: ['--config', f, '--discover'], names: f, env: { TAP_INTERCOM_ACCESS_TOKEN: TOKEN } };
    },
    expect: /: access_token: is required \(TAP_INTERCOM_ACCESS_TOKEN is set but read only with --config ENV: add --config ENV\)$/,
  },
  config(goodConfig({ access_token: '' }), /: access_token: must not be empty$/, 'access_token empty'),
  config(goodConfig({ region: 'mars' }), /: region: must be one of us, eu, au$/, 'unknown region'),
  config(goodConfig({ start_date: '2024-13-45' }), /: start_date: must be an RFC 3339 date-time or YYYY-MM-DD date$/, 'start_date not a date'),
  config(goodConfig({ start_date: '2025-02-01', end_date: '2025-01-01' }), /: start_date: must not be after end_date$/, 'start_date after end_date'),
  config(goodConfig({ end_date: 20250101 }), /: end_date: must be a string$/, 'end_date a number'),
  config(goodConfig({ page_size: 0 }), /: page_size: must be >= 1$/, 'page_size 0'),
  config(goodConfig({ page_size: 1.5 }), /: page_size: must be an integer$/, 'page_size not an integer'),
  config(goodConfig({ request_timeout: 0 }), /: request_timeout: must be > 0$/, 'request_timeout 0'),
  config(goodConfig({ request_timeout: '30' }), /: request_timeout: must be a number$/, 'request_timeout a string'),
  config(goodConfig({ max_retries: -1 }), /: max_retries: must be >= 0$/, 'max_retries negative'),
  config(goodConfig({ max_concurrency: 1000 }), /: max_concurrency: must be <= 128$/, 'max_concurrency too high'),
  config(goodConfig({ base_url: 'not a url' }), /: base_url: must be an absolute http\(s\) URL$/, 'base_url not a URL'),
  config(goodConfig({ base_url: 'ftp://127.0.0.1/' }), /: base_url: must be an http\(s\) URL$/, 'base_url not http(s)'),
  config(goodConfig({ base_url: 'http://10.0.0.8:8080' }), /: base_url: plain http is allowed only for loopback hosts/, 'plain http to a private, non-loopback address'),
  config(goodConfig({ base_url: 'https://user:pw@api.intercom.io' }), /: base_url: must not contain credentials$/, 'base_url with credentials'),
  config(goodConfig({ api_version: 'v2' }), /: api_version: must look like 2\.11$/, 'api_version malformed'),
  config(goodConfig({ log_level: 'verbose' }), /: log_level: must be one of debug, info, warn, error$/, 'unknown log_level'),
  config(goodConfig({ contact_ids: 'abc' }), /: contact_ids: must be an array$/, 'contact_ids not an array'),
  config(goodConfig({ conversation_states: ['pending'] }), /: conversation_states\.0: must be one of open, closed, snoozed$/, 'unknown conversation state'),
  config(goodConfig({ skip_forbidden_streams: 'yes' }), /: skip_forbidden_streams: must be a boolean$/, 'a boolean given as a string'),
  {
    name: 'config: the second of two files is bad: that file is named',
    args: () => {
      const bad = file({ page_size: 500 });
      return { args: ['--config', CONFIG, '--config', bad, '--discover'], names: bad };
    },
    expect: /: page_size: must be <= 150$/,
  },
  {
    name: 'config: ENV with a malformed number',
    args: () => ({ args: ['--config', 'ENV', '--discover'], names: 'ENV', env: { TAP_INTERCOM_ACCESS_TOKEN: TOKEN, TAP_INTERCOM_PAGE_SIZE: 'lots' } }),
    expect: /TAP_INTERCOM_PAGE_SIZE: must be an integer$/,
  },
  // catalog files
  cat('', /: empty file, expected JSON$/, 'an empty file'),
  cat([], /: must be a JSON object$/, 'an array, not an object'),
  cat({}, /: streams: must be an array of catalog entries$/, 'no streams key'),
  cat({ streams: [] }, /: streams: is empty, expected at least one stream$/, 'no streams'),
  cat(catalog('none'), /: streams: no stream is selected/, 'no stream selected'),
  cat({ streams: [{ schema: {} }] }, /: streams\[0\]\.tap_stream_id: is required$/, 'an entry without tap_stream_id'),
  cat({ streams: [{ tap_stream_id: 'tags' }] }, /: streams\[0\] \(tags\)\.schema: is required \(an object\)$/, 'an entry without schema'),
  cat({ streams: [{ tap_stream_id: 'tags', schema: {}, metadata: {} }] }, /: streams\[0\] \(tags\)\.metadata: must be an array$/, 'metadata not an array'),
  cat((() => {
    const c = catalog('tags');
    c.streams.push(c.streams.find((s) => s.tap_stream_id === 'tags') as CatalogEntry);
    return c;
  })(), /\(tags\)\.tap_stream_id: duplicate stream$/, 'a stream twice'),
  cat(catalog('contacts', (e) => {
    Object.assign(rootMd(e), { 'replication-method': 'INCREMENTAL', 'replication-key': 'last_seen_nowhere' });
  }), /\(contacts\)\.replication-key: "last_seen_nowhere" is not in the schema$/, 'replication key not in the schema'),
  // state files
  state({ contacts: { updated_at: '2024-01-01T00:00:00Z' } }, /: bookmarks: is missing \(keys found: "contacts"\); expected \{"bookmarks": \{\.\.\.\}\}, a STATE message or \{"singer_state": \{\.\.\.\}\}$/, 'an object of unknown shape'),
  state('{"bookmarks": ', /: not valid JSON/, 'not JSON'),
  state([1, 2], /: must be a JSON object$/, 'an array, not an object'),
  state({ bookmarks: 'contacts' }, /: bookmarks: must be an object$/, 'bookmarks not an object'),
  state({ bookmarks: { contacts: 'yesterday' } }, /: bookmarks\.contacts: must be an RFC 3339 date-time or YYYY-MM-DD date$/, 'a legacy bookmark that is not a date'),
  state({ bookmarks: { segments: { updated_at: '2024-02-30T00:00:00Z' } } }, /: bookmarks\.segments\.updated_at: must be an RFC 3339 date-time or YYYY-MM-DD date$/, 'an impossible date'),
  state({ bookmarks: { conversations: { id: 'abc' } } }, /: bookmarks\.conversations\.id: must be an integer \(an id\)$/, 'an id bookmark that is not a number'),
  state({ bookmarks: {}, currently_syncing: 5 }, /: currently_syncing: must be a string or null$/, 'currently_syncing a number'),
];

if (!isRoot) {
  CASES.push({
    name: 'config: unreadable (permission denied)',
    args: () => {
      const f = file(goodConfig());
      chmodSync(f, 0o000);
      return { args: ['--config', f, '--discover'], names: f };
    },
    expect: /: cannot read file \(permission denied\)$/,
  });
}

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      into.push(chunk.toString());
      cb();
    },
  });
}

it('has at least 25 malformed inputs', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(25);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('exits 2 with one stderr line naming file, key and expectation, nothing on stdout', async () => {
    const { args, names, env } = c.args();
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { stdout: sink(out), stderr: sink(err), env: env ?? {} });
    const stderr = err.join('');
    expect({ code, stdout: out.join('') }).toEqual({ code: 2, stdout: '' });
    expect(stderr.endsWith('\n')).toBe(true);
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.startsWith(`${names === 'ENV' ? 'config ENV' : ''}`)).toBe(true);
    expect(line).toContain(names);
    expect(line).toMatch(/^(config|catalog|state) /);
    expect(line).toMatch(c.expect);
    expect(line).not.toContain(TOKEN);
  });
});

it('without --config, TAP_INTERCOM_* variables set: the usage error says to add --config ENV', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--discover'], { stdout: sink(out), stderr: sink(err), env: { TAP_INTERCOM_ACCESS_TOKEN: TOKEN, TAP_INTERCOM_REGION: 'eu' } });
  expect({ code, stdout: out.join('') }).toEqual({ code: 2, stdout: '' });
  expect(err.join('')).toBe(
    '--config FILE is required (see --help); TAP_INTERCOM_ACCESS_TOKEN and TAP_INTERCOM_REGION are set but read only with --config ENV: add --config ENV\n',
  );
});
