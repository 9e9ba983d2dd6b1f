import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_SCHEMA, loadConfig } from '../../src/config/load';
import { ConfigError } from '../../src/common/errors';

const TOKEN = 'secret-token-XYZ';
const NOW = new Date('2026-11-21T10:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-config-'));
let n = 0;

function file(content: unknown): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function failure(files: string[], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadConfig(files, env, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toContain('\n');
    expect(e.exitCode).toBe(2);
    return e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults: start_date one year back, us base_url, user agent with version', () => {
    const { config, warnings } = loadConfig([file({ access_token: TOKEN })], {}, NOW);
    expect(warnings).toEqual([]);
    expect(config.start_date).toBe('2025-11-21T10:00:00Z');
    expect(config.base_url).toBe('https://api.intercom.io');
    expect(config.region).toBe('us');
    expect(config.user_agent).toMatch(/^tap-intercom\/\d+\.\d+\.\d+/);
    expect(config.page_size).toBe(150);
    expect(config.event_types).toEqual(['user', 'lead']);
  });

  it('derives base_url from the region and normalises dates to RFC 3339 UTC', () => {
    const { config } = loadConfig(
      [file({ access_token: TOKEN, region: 'eu', start_date: '2020-01-01', end_date: '2021-06-01T12:00:00+02:00' })],
      {},
      NOW,
    );
    expect(config.base_url).toBe('https://api.eu.intercom.io');
    expect(config.start_date).toBe('2020-01-01T00:00:00Z');
    expect(config.end_date).toBe('2021-06-01T10:00:00Z');
    expect(loadConfig([file({ access_token: TOKEN, region: 'au' })], {}, NOW).config.base_url).toBe('https://api.au.intercom.io');
  });

  it('merges several files in order, later wins', () => {
    const a = file({ access_token: TOKEN, page_size: 10, region: 'eu' });
    const b = file({ page_size: 20 });
    const { config } = loadConfig([a, b], {}, NOW);
    expect(config.page_size).toBe(20);
    expect(config.region).toBe('eu');
  });

  it('reads TAP_INTERCOM_* with casting for --config ENV, env winning over files', () => {
    const env = {
      TAP_INTERCOM_ACCESS_TOKEN: TOKEN,
      TAP_INTERCOM_PAGE_SIZE: '50',
      TAP_INTERCOM_REQUEST_TIMEOUT: '2.5',
      TAP_INTERCOM_VALIDATE_RECORDS: 'true',
      TAP_INTERCOM_EVENT_TYPES: '["user"]',
      TAP_INTERCOM_CONTACT_IDS: 'a, b',
      TAP_INTERCOM_START_DATE: '2020-01-01T00:00:00Z',
    };
    const f = file({ access_token: 'other', page_size: 10 });
    const { config } = loadConfig([f, 'ENV'], env, NOW);
    expect(config.access_token).toBe(TOKEN);
    expect(config.page_size).toBe(50);
    expect(config.request_timeout).toBe(2.5);
    expect(config.validate_records).toBe(true);
    expect(config.event_types).toEqual(['user']);
    expect(config.contact_ids).toEqual(['a', 'b']);
    // ENV before a file still wins.
    expect(loadConfig(['ENV', f], env, NOW).config.page_size).toBe(50);
  });

  it('ignores env vars without --config ENV', () => {
    const { config } = loadConfig([file({ access_token: TOKEN })], { TAP_INTERCOM_PAGE_SIZE: '5' }, NOW);
    expect(config.page_size).toBe(150);
  });

  it('names env vars that cannot be cast', () => {
    const e = failure(['ENV'], { TAP_INTERCOM_ACCESS_TOKEN: TOKEN, TAP_INTERCOM_PAGE_SIZE: 'ten', TAP_INTERCOM_VALIDATE_RECORDS: 'maybe' });
    expect(e.message).toBe(
      'config ENV: TAP_INTERCOM_PAGE_SIZE: must be an integer; TAP_INTERCOM_VALIDATE_RECORDS: must be a boolean (true or false)',
    );
  });

  it('warns about unknown keys without failing', () => {
    const f = file({ access_token: TOKEN, flattening_enabled: true });
    const { config, warnings } = loadConfig([f], {}, NOW);
    expect(warnings).toEqual([`config ${f}: unknown setting "flattening_enabled" is ignored`]);
    expect(config).not.toHaveProperty('flattening_enabled');
  });

  it('reports every problem at once in one line', () => {
    const f = file({ access_token: TOKEN, start_date: 'yesterday', page_size: 500, region: 'mars', max_retries: 'x' });
    expect(failure([f]).message).toBe(
      `config ${f}: start_date: must be an RFC 3339 date-time or YYYY-MM-DD date; region: must be one of us, eu, au; ` +
        'page_size: must be <= 150; max_retries: must be an integer',
    );
  });

  it('rejects impossible calendar dates', () => {
    expect(failure([file({ access_token: TOKEN, start_date: '2021-02-30' })]).issues).toEqual([
      'start_date: must be an RFC 3339 date-time or YYYY-MM-DD date',
    ]);
  });

  it('reads a date-time without a zone as UTC and says so once', () => {
    const f = file({ access_token: TOKEN, start_date: '2021-02-01T00:00:00', end_date: '2021-03-01T12:30:00' });
    const { config, warnings } = loadConfig([f], {}, NOW);
    expect(config.start_date).toBe('2021-02-01T00:00:00Z');
    expect(config.end_date).toBe('2021-03-01T12:30:00Z');
    expect(warnings).toEqual([`config ${f}: start_date and end_date have no time zone: read as UTC (2021-02-01T00:00:00Z, 2021-03-01T12:30:00Z)`]);
    expect(loadConfig([file({ access_token: TOKEN, start_date: '2021-02-01T00:00:00Z' })], {}, NOW).warnings).toEqual([]);
  });

  it('warns that a start_date in the future reads nothing', () => {
    const f = file({ access_token: TOKEN, start_date: '2027-01-01' });
    expect(loadConfig([f], {}, NOW).warnings).toEqual([
      `config ${f}: start_date 2027-01-01T00:00:00Z is in the future: the incremental streams will read nothing`,
    ]);
  });

  it('reads region case-insensitively', () => {
    const { config } = loadConfig([file({ access_token: TOKEN, region: 'EU' })], {}, NOW);
    expect(config.region).toBe('eu');
    expect(config.base_url).toBe('https://api.eu.intercom.io');
    expect(loadConfig(['ENV'], { TAP_INTERCOM_ACCESS_TOKEN: TOKEN, TAP_INTERCOM_REGION: 'Au' }, NOW).config.base_url).toBe('https://api.au.intercom.io');
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ access_token: TOKEN, page_size: 7 }))]));
    expect(loadConfig([path], {}, NOW).config.page_size).toBe(7);
  });

  it.each([
    ['a bad token', '{"page_size": }', 1, 15],
    ['a trailing comma', '{\n  "page_size": 5,\n}', 3, 1],
    ['the end of the text', '{"page_size": 5', 1, 16],
    ['a bare word', '{\n "region": eu\n}', 2, 12],
  ])('names line and column of %s in "not valid JSON"', (_what, text, line, column) => {
    const f = file(text);
    expect(failure([f]).message).toBe(`config ${f}: not valid JSON (syntax error at line ${line} column ${column})`);
  });

  it('warns about an unknown TAP_INTERCOM_* variable with --config ENV (Meltano\'s TAP_INTERCOM__* left alone)', () => {
    const env = { TAP_INTERCOM_ACCESS_TOKEN: TOKEN, TAP_INTERCOM_PAGESIZE: '5', TAP_INTERCOM__SELECT: '["tags.*"]' };
    const { config, warnings } = loadConfig(['ENV'], env, NOW);
    expect(warnings).toEqual(['config ENV: unknown variable TAP_INTERCOM_PAGESIZE is ignored']);
    expect(config.page_size).toBe(150);
    expect(loadConfig([file({ access_token: TOKEN })], env, NOW).warnings).toEqual([]);
  });

  it('without --config ENV, a missing access_token says that TAP_INTERCOM_* variables need it', () => {
    const f = file({ page_size: 5 });
    expect(failure([f], { TAP_INTERCOM_ACCESS_TOKEN: TOKEN }).issues).toEqual([
      'access_token: is required (TAP_INTERCOM_ACCESS_TOKEN is set but read only with --config ENV: add --config ENV)',
    ]);
    expect(failure([f], {}).issues).toEqual(['access_token: is required']);
  });

  it('fills every default of schemas/config.json, and only those', () => {
    const { config } = loadConfig([file({ access_token: TOKEN })], {}, NOW);
    const defaults = Object.entries(CONFIG_SCHEMA.properties ?? {}).filter(([, p]) => 'default' in p);
    expect(defaults.length).toBeGreaterThan(10);
    for (const [key, p] of defaults) expect({ key, value: config[key as keyof typeof config] }).toEqual({ key, value: p.default });
    const computed = ['access_token', 'start_date', 'base_url', 'user_agent'];
    expect(Object.keys(config).filter((k) => !computed.includes(k)).sort()).toEqual(defaults.map(([k]) => k).sort());
  });

  it('rejects start_date after end_date', () => {
    expect(failure([file({ access_token: TOKEN, start_date: '2022-01-01', end_date: '2021-01-01' })]).issues).toEqual([
      'start_date: must not be after end_date',
    ]);
  });

  it('rejects page_size below range', () => {
    expect(failure([file({ access_token: TOKEN, page_size: 0 })]).issues).toEqual(['page_size: must be >= 1']);
  });

  it('requires the token and never echoes it on a type error', () => {
    expect(failure([file({})]).issues).toEqual(['access_token: is required']);
    const bad = failure([file({ access_token: [TOKEN] })]);
    expect(bad.issues).toEqual(['access_token: must be a string']);
  });

  it('allows plain http only for loopback hosts', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9', 'http://127.5.6.7']) {
      expect(loadConfig([file({ access_token: TOKEN, base_url: `${url}/` })], {}, NOW).config.base_url).toBe(url);
    }
    expect(failure([file({ access_token: TOKEN, base_url: 'http://api.intercom.io' })]).issues[0]).toMatch(
      /^base_url: plain http is allowed only for loopback hosts/,
    );
    expect(failure([file({ access_token: TOKEN, base_url: 'ftp://x' })]).issues).toEqual(['base_url: must be an http(s) URL']);
    expect(failure([file({ access_token: TOKEN, base_url: 'not a url' })]).issues).toEqual([
      'base_url: must be an absolute http(s) URL',
    ]);
  });

  it('names a missing, unreadable, non-JSON or non-object file without quoting its content', () => {
    const missing = join(dir, 'nope.json');
    expect(failure([missing]).message).toBe(`config ${missing}: file not found`);
    const notJson = file(`{"access_token": "${TOKEN}" oops}`);
    expect(failure([notJson]).message).toBe(`config ${notJson}: not valid JSON (syntax error at line 1 column 37)`);
    const arr = file([1]);
    expect(failure([arr]).message).toBe(`config ${arr}: must be a JSON object`);
    expect(failure([dir]).message).toBe(`config ${dir}: is a directory, not a file`);
    if (process.getuid?.() !== 0) {
      const locked = file({ access_token: TOKEN });
      chmodSync(locked, 0o000);
      expect(failure([locked]).message).toBe(`config ${locked}: cannot read file (permission denied)`);
    }
  });

  it('lists problems of several files, each named', () => {
    const missing = join(dir, 'missing.json');
    const arr = file('[]');
    expect(failure([missing, arr]).message).toBe(
      `config ${missing}, ${arr}: ${missing}: file not found; ${arr}: must be a JSON object`,
    );
  });

  it('names the file that set the bad key when several are merged', () => {
    const a = file({ access_token: TOKEN });
    const b = file({ page_size: 1000 });
    expect(failure([a, b]).message).toBe(`config ${b}: page_size: must be <= 150`);
  });
});
