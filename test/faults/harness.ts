/**
 * In-process fault runs: the real config loader, client, engine and writer against a fake Intercom over
 * real HTTP. Unlike test/helpers/run-tap.ts it keeps every byte the tap produced (Singer output, every
 * log line at every level, the error and its cause chain) for the token scan, and it injects the
 * client's `sleep`: each delay the client or a stream rule asks for is recorded and slept for at most a
 * few milliseconds, so retries are fast and their delays can be asserted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load';
import { createIntercomClient } from '../../src/http/client';
import { clientOptionsFromConfig } from '../../src/tap/client-options';
import { parseMessages, type MessageViews } from '../helpers/messages';
import type { ClientEvent } from '../../src/http/types';
import type { Logger } from '../../src/output/logger';
import { createMessageWriter } from '../../src/singer/writer';
import type { Catalog, SingerMessage, TapState } from '../../src/singer/types';
import { runDiscover } from '../../src/tap/discover';
import { runSync, type SyncSummary } from '../../src/tap/sync';
import type { FakeIntercom } from '../fake-intercom';
import { selectStreams, syncError } from '../helpers/run-tap';

/** The token every fault test uses: distinctive, so a leak cannot hide in other text. */
export const SECRET = 'tok_SECRET_abc123';

/** Every form the token could leak in: as is, in base64 (Basic auth, encoded headers), URL-encoded. */
export const SECRET_FORMS: readonly string[] = [
  ...new Set([
    SECRET,
    encodeURIComponent(SECRET),
    Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
    Buffer.from(`Bearer ${SECRET}`).toString('base64').replace(/=+$/, ''),
    Buffer.from(`${SECRET}:`).toString('base64').replace(/=+$/, ''),
  ]),
];

/** Text of an error as deeply as anything could print it: message, stack, own fields, cause chain. */
export function errorText(err: unknown): string {
  if (err === undefined) return '';
  const parts = [inspect(err, { depth: 12, showHidden: true, getters: true })];
  let e: unknown = err;
  for (let i = 0; i < 10 && e instanceof Error; i++) {
    parts.push(String(e), e.message, e.stack ?? '');
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // cycles: inspect above has it
    }
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/** Collects all output of a test file; `assertClean()` fails if any form of the token is in it. */
export class TokenScan {
  private readonly texts: Array<{ label: string; text: string }> = [];

  add(label: string, text: string): void {
    this.texts.push({ label, text });
  }

  get size(): number {
    return this.texts.reduce((n, t) => n + t.text.length, 0);
  }

  leaks(): Array<{ label: string; form: string }> {
    return this.texts.flatMap(({ label, text }) => SECRET_FORMS.filter((f) => text.includes(f)).map((form) => ({ label, form })));
  }
}

/** `state` is the last STATE written (what a target stores). */
export interface FaultRun extends MessageViews {
  summary: SyncSummary | undefined;
  /** See syncError (test/helpers/run-tap.ts). */
  error: unknown;
  /** Every log line, every level. */
  logs: string[];
  /** Delays (ms) asked of the injected sleep, in order. */
  sleeps: number[];
  /** Client events, each with the wall time (ms) it was reported. */
  events: Array<ClientEvent & { at: number }>;
  /** stdout + logs + error text: what the token scan reads. */
  allText: string;
}

export interface FaultRunOptions {
  streams: readonly string[];
  config?: Record<string, unknown>;
  state?: TapState;
  /** A catalog discovered beforehand (so discovery requests are not hit by the faults of the test). */
  catalog: Catalog;
  signal?: AbortSignal;
  /** How long a recorded sleep of `asked` ms really lasts; default min(asked, 5). */
  sleepMs?: (asked: number) => number;
}

export function recordingLogger(lines: string[]): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    debug: line('DEBUG'),
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
    metric: (kind, metric, value, tags) => void lines.push(`METRIC ${kind} ${metric} ${value} ${JSON.stringify(tags ?? {})}`),
  };
}

export function configFile(fake: Pick<FakeIntercom, 'url' | 'token'>, overrides: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-faults-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ access_token: fake.token, base_url: fake.url, start_date: '2020-01-01T00:00:00Z', ...overrides }));
  return file;
}

/** Settings that keep fault runs fast and the client from pacing a fake that answers at once. */
export const FAST_CONFIG = { request_timeout: 0.5, max_retries: 6, rate_limit_per_10s: 100000, page_size: 20 };

export async function discoverCatalog(fake: FakeIntercom, streams: readonly string[]): Promise<Catalog> {
  const { config } = loadConfig([configFile(fake, FAST_CONFIG)], {}, new Date());
  const logger = recordingLogger([]);
  const client = createIntercomClient({
    baseUrl: config.base_url, token: config.access_token, apiVersion: config.api_version, userAgent: config.user_agent,
    timeoutMs: 5000, maxRetries: 2, maxRetrySeconds: 30, maxConcurrency: 8, ratePer10s: 100000, logger,
  });
  try {
    return selectStreams(await runDiscover({ config, client, logger }), streams);
  } finally {
    await client.close();
  }
}

export async function faultRun(fake: FakeIntercom, options: FaultRunOptions): Promise<FaultRun> {
  const { config } = loadConfig([configFile(fake, { ...FAST_CONFIG, ...options.config })], {}, new Date());
  const logs: string[] = [];
  const logger = recordingLogger(logs);
  const sleeps: number[] = [];
  const events: Array<ClientEvent & { at: number }> = [];
  const real = options.sleepMs ?? ((asked: number) => Math.min(asked, 5));
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    // unref: a wait the run no longer awaits (it stopped meanwhile) keeps no test worker alive.
    return new Promise((resolve) => setTimeout(resolve, real(ms)).unref());
  };
  const client = createIntercomClient({
    ...clientOptionsFromConfig(config, logger),
    sleep,
    onEvent: (e) => void events.push({ ...e, at: Date.now() }),
  });
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  let summary: SyncSummary | undefined;
  let error: unknown;
  try {
    summary = await runSync({
      config,
      catalog: options.catalog,
      state: options.state ?? { bookmarks: {}, currently_syncing: null },
      writer: createMessageWriter(out),
      logger,
      client,
      now: () => new Date(),
      signal: options.signal ?? new AbortController().signal,
      sleep,
    });
  } catch (err) {
    error = err;
  } finally {
    await client.close();
  }
  error = syncError(error, summary);
  const stdout = chunks.join('');
  return {
    ...parseMessages(stdout),
    summary,
    error,
    logs,
    sleeps,
    events,
    allText: [stdout, ...logs, errorText(error), JSON.stringify(summary ?? null)].join('\n'),
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Singer messages on stdout. */
  messages: SingerMessage[];
  /** The last STATE on stdout. */
  state: TapState | undefined;
  /** stderr lines other than METRIC lines. */
  errorLines: string[];
}

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      into.push(chunk.toString());
      cb();
    },
  });
}

/** The CLI's `main` in this process (real files, real HTTP), stdout and stderr captured. */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const { main } = await import('../../src/cli');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: sink(out), stderr: sink(err), env: {} });
  const stdout = out.join('');
  const stderr = err.join('');
  const messages = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as SingerMessage);
  const states = messages.flatMap((m) => (m.type === 'STATE' ? [m.value] : []));
  return {
    code,
    stdout,
    stderr,
    messages,
    state: states[states.length - 1],
    errorLines: stderr.split('\n').filter((l) => l !== '' && !/METRIC/.test(l)),
  };
}

export function jsonFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-faults-'));
  const file = join(dir, 'input.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
