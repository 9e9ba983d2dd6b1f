/**
 * Nothing leaked: the failures most likely to carry the token. HTTP library errors hold the request
 * (headers included): connect errors to a closed port, DNS failures, TLS failures, timeouts, resets.
 * Servers may echo the Authorization header back in an error body or a header. For each, everything the
 * tap wrote (stdout, stderr at debug level, the error with its cause chain) is scanned for the token in
 * all its forms (plain, base64, URL-encoded).
 *
 * Every other fault test file (fault matrix, fatal errors, kill-and-resume, signals, validate_records)
 * collects all of its own output the same way and asserts, after its last test, that no form of the
 * token appears in it.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createIntercomClient } from '../../src/http/client';
import { createLogger } from '../../src/output/log';
import { REDACTED } from '../../src/output/redact';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { configFile, discoverCatalog, errorText, jsonFile, recordingLogger, runCliInProcess, SECRET, SECRET_FORMS, TokenScan } from './harness';

const scan = new TokenScan();
let fake: FakeIntercom;
let catalog: string;
let echo: TestServer;
let closedPort: number;

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 51, counts: { contacts: 20, companies: 5, conversations: 5 }, token: SECRET });
  catalog = jsonFile(await discoverCatalog(fake, ['tags']));
  // A hostile server: echoes the Authorization header in a header and in the error body, in several forms.
  echo = await startTestServer((req) => {
    const auth = String(req.headers.authorization ?? '');
    return {
      status: req.path.endsWith('/admins') ? 500 : 401,
      headers: { 'x-echo': auth, 'www-authenticate': `Bearer realm="${auth}"`, 'x-request-id': `req-${auth}` },
      body: { type: 'error.list', request_id: auth, errors: [{ code: `bad_${Buffer.from(auth).toString('base64')}`, message: `token ${auth} (${encodeURIComponent(auth)}) rejected` }] },
    };
  });
  closedPort = await freePort();
});

afterAll(async () => {
  await fake?.close();
  await echo?.close();
});

/** Runs the CLI against `baseUrl` at debug level; returns everything it wrote. */
async function cliText(label: string, baseUrl: string, extra: Record<string, unknown> = {}): Promise<{ code: number; text: string; stderr: string }> {
  const config = configFile({ url: baseUrl, token: SECRET }, { log_level: 'debug', max_retries: 1, request_timeout: 1, ...extra });
  const run = await runCliInProcess(['--config', config, '--catalog', catalog]);
  const text = `${run.stdout}\n${run.stderr}`;
  scan.add(label, text);
  return { code: run.code, text, stderr: run.stderr };
}

/** The client alone, the error it throws examined as deeply as anything could print it. */
async function clientErrorText(label: string, baseUrl: string, path = '/tags'): Promise<string> {
  const lines: string[] = [];
  const client = createIntercomClient({
    baseUrl, token: SECRET, apiVersion: '2.11', userAgent: 'test', timeoutMs: 1000, maxRetries: 1, maxRetrySeconds: 30,
    maxConcurrency: 2, ratePer10s: 166, logger: recordingLogger(lines), sleep: async () => undefined,
  });
  let error: unknown;
  try {
    await client.request({ method: 'GET', path, stream: 'tags' });
  } catch (err) {
    error = err;
  } finally {
    await client.close();
  }
  expect(error).toBeDefined();
  const text = `${errorText(error)}\n${lines.join('\n')}`;
  scan.add(label, text);
  return text;
}

describe('errors of the HTTP library never carry the token out', () => {
  it('connect error to a closed port (ECONNREFUSED)', async () => {
    const text = await clientErrorText('econnrefused client', `http://127.0.0.1:${closedPort}`);
    expect(text).toMatch(/ECONNREFUSED/);
    const cli = await cliText('econnrefused cli', `http://127.0.0.1:${closedPort}`);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/ECONNREFUSED/);
  });

  it('DNS failure', async () => {
    const text = await clientErrorText('dns client', 'https://tap-intercom-token-scan.invalid');
    expect(text).toMatch(/ENOTFOUND|EAI_AGAIN|connection failed/);
    const cli = await cliText('dns cli', 'https://tap-intercom-token-scan.invalid');
    expect(cli.code).toBe(1);
  });

  it('TLS failure (https to a plain http server)', async () => {
    const text = await clientErrorText('tls client', fake.url.replace('http://', 'https://'));
    expect(text).toMatch(/connection failed|EPROTO|SSL/i);
    const cli = await cliText('tls cli', fake.url.replace('http://', 'https://'));
    expect(cli.code).toBe(1);
  });

  it('timeouts and connection resets', async () => {
    fake.setFaults({ routes: ['GET /tags'], hangRate: 1 });
    expect(await clientErrorText('timeout client', fake.url)).toMatch(/no answer within 1 s/);
    expect((await cliText('timeout cli', fake.url)).code).toBe(1);
    fake.setFaults({ routes: ['GET /tags'], resetRate: 1 });
    expect(await clientErrorText('reset client', fake.url)).toMatch(/ECONNRESET/);
    expect((await cliText('reset cli', fake.url)).code).toBe(1);
    fake.setFaults({});
  });
});

describe('a server echoing the Authorization header', () => {
  it('in a 401 body, headers and request id: redacted from the error and every log line', async () => {
    const text = await clientErrorText('echo 401 client', echo.url);
    expect(text).toMatch(/authentication failed/);
    const cli = await cliText('echo 401 cli', echo.url);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/authentication failed: check access_token and region/);
  });

  it('in a 500 body after retries, at debug level', async () => {
    const text = await clientErrorText('echo 500 client', echo.url, '/admins');
    expect(text).toMatch(/500/);
  });
});

/** Every form a log line may carry the token in (the logger redacts each, src/output/redact.ts). */
const LOGGED_FORMS: ReadonlyArray<[string, string]> = [
  ['as is', SECRET],
  ['URL-encoded', encodeURIComponent(`${SECRET}/?&`)],
  ['JSON-escaped', JSON.stringify(`${SECRET}"q`).slice(1, -1)],
  ['base64', Buffer.from(SECRET).toString('base64')],
  ['base64 unpadded', Buffer.from(SECRET).toString('base64').replace(/=+$/, '')],
  ['base64 Bearer credentials', Buffer.from(`Bearer ${SECRET}`).toString('base64')],
  ['base64 Basic credentials', `Basic ${Buffer.from(`${SECRET}:`).toString('base64')}`],
];

function logLines(format: 'text' | 'json', secrets: readonly string[], write: (log: ReturnType<typeof createLogger>) => void): string {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      text += chunk.toString();
      cb();
    },
  });
  write(createLogger({ stream, format, level: 'debug', secrets }));
  return text;
}

describe('log lines carrying the token in any form', () => {
  for (const format of ['text', 'json'] as const) {
    it.each(LOGGED_FORMS)(`${format}: %s is redacted in the message and in fields`, (_label, form) => {
      // The tokens with URL- and JSON-special characters: their encoded forms differ from the token.
      const secrets = [SECRET, `${SECRET}/?&`, `${SECRET}"q`];
      const text = logLines(format, secrets, (log) => {
        log.info(`echoed: ${form} end`);
        log.warn('header', { authorization: form, nested: { value: `x${form}y` } });
        log.metric('counter', 'record_count', 1, { echo: form });
      });
      scan.add(`log ${format} ${_label}`, text);
      expect(text).not.toContain(form);
      for (const f of SECRET_FORMS) expect(text).not.toContain(f);
      expect(text.split(REDACTED).length - 1).toBeGreaterThanOrEqual(4);
      for (const line of text.trim().split('\n')) if (format === 'json') expect(() => JSON.parse(line) as unknown).not.toThrow();
    });
  }

  it('a one-letter token does not garble lines (too short to redact)', () => {
    const text = logLines('text', ['M'], (log) => log.metric('counter', 'record_count', 1, { endpoint: 'MEMBERS' }));
    expect(text).toContain('INFO METRIC: {"type":"counter","metric":"record_count","value":1,"tags":{"endpoint":"MEMBERS"}}');
    expect(text).not.toContain(REDACTED);
  });
});

describe('the scan itself', () => {
  it('finds the token in every form it checks (so a clean result means something)', () => {
    const probe = new TokenScan();
    for (const form of SECRET_FORMS) probe.add(form, `x ${form} y`);
    expect(new Set(probe.leaks().map((l) => l.label))).toEqual(new Set(SECRET_FORMS));
  });

  it('no output of the tests above holds the token in any form', () => {
    expect(scan.size).toBeGreaterThan(1000);
    expect(scan.leaks()).toEqual([]);
  });
});
