/**
 * Runs discover + sync in-process against a fake Intercom over real HTTP, collecting the Singer
 * messages from an in-memory stdout. Nothing of ours is mocked: the real client, engine and writer run.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load';
import { createIntercomClient } from '../../src/http/client';
import { createRenderPool, type PageParser } from '../../src/render/pool';
import { clientOptionsFromConfig } from '../../src/tap/client-options';
import { parseMessages, type MessageViews } from './messages';
import type { Logger } from '../../src/output/logger';
import type { ResolvedConfig } from '../../src/config/resolved';
import { createMessageWriter } from '../../src/singer/writer';
import type { Catalog, CatalogEntry, TapState } from '../../src/singer/types';
import { runDiscover } from '../../src/tap/discover';
import { runSync, type SyncSummary } from '../../src/tap/sync';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeLike {
  url: string;
  token: string;
}

/**
 * A sync's error, as a test reads it: what runSync threw, else the error that stopped the whole run
 * (401, stdout closed), else the first failed stream's (runSync returns a summary naming each).
 */
export function syncError(thrown: unknown, summary: SyncSummary | undefined): unknown {
  return thrown ?? summary?.fatal ?? summary?.failures[0]?.error;
}

export interface TapRun extends MessageViews {
  summary: SyncSummary | undefined;
  /** See syncError. */
  error: unknown;
  logs: string[];
}

export const quietLogger = (lines: string[] = []): Logger => ({
  debug: () => undefined,
  info: (m) => void lines.push(`INFO ${m}`),
  warn: (m, f) => void lines.push(`WARN ${m} ${f ? JSON.stringify(f) : ''}`),
  error: (m) => void lines.push(`ERROR ${m}`),
  metric: () => undefined,
});

export function tapConfig(fake: FakeLike, overrides: Record<string, unknown> = {}): ResolvedConfig {
  const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-cfg-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ access_token: fake.token, base_url: fake.url, start_date: '2020-01-01T00:00:00Z', ...overrides }));
  return loadConfig([file], {}, new Date()).config;
}

let sharedPages: PageParser | undefined;
// Each test file has its own module registry, so its own pool: stop its workers when the file is done.
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await sharedPages?.close();
    sharedPages = undefined;
  });
}

/** Pages the shared pool has parsed in this test file so far. */
export function pagesParsedOnWorkers(): number {
  return sharedPages?.pagesParsed() ?? 0;
}

/**
 * The client a run uses. Like the CLI, sync runs parse pages on render workers unless render_workers
 * is 0; here every page goes to them (minBytes 0), so the stream tests cover that path. The pool is
 * shared by the test file's runs.
 */
export function clientFor(config: ResolvedConfig, logger: Logger, forSync = false) {
  const pages = forSync && config.render_workers > 0 ? (sharedPages ??= createRenderPool({ workers: 2, minBytes: 0 })) : undefined;
  return createIntercomClient(clientOptionsFromConfig(config, logger, pages));
}

/** Marks streams (and all or only automatic fields) selected in a catalog. */
export function selectStreams(catalog: Catalog, streams: readonly string[], fields: 'all' | 'automatic' = 'all'): Catalog {
  return {
    streams: catalog.streams.map((entry): CatalogEntry => {
      const on = streams.includes(entry.tap_stream_id);
      return {
        ...entry,
        metadata: entry.metadata.map((m) => {
          if (m.breadcrumb.length === 0) return { ...m, metadata: { ...m.metadata, selected: on } };
          return { ...m, metadata: { ...m.metadata, selected: on && fields === 'all' } };
        }),
      };
    }),
  };
}

export async function discover(fake: FakeLike, overrides: Record<string, unknown> = {}): Promise<Catalog> {
  const config = tapConfig(fake, overrides);
  const logger = quietLogger();
  const client = clientFor(config, logger);
  try {
    return await runDiscover({ config, client, logger });
  } finally {
    await client.close();
  }
}

export interface RunOptions {
  streams: readonly string[];
  fields?: 'all' | 'automatic';
  state?: TapState;
  config?: Record<string, unknown>;
  catalog?: Catalog;
  signal?: AbortSignal;
  /** Passed to runSync: stream-rule waits (scroll_exists) are recorded instead of slept. */
  sleep?: (ms: number) => Promise<void>;
}

export async function runTap(fake: FakeLike, options: RunOptions): Promise<TapRun> {
  const config = tapConfig(fake, options.config);
  const logs: string[] = [];
  const logger = quietLogger(logs);
  const client = clientFor(config, logger, true);
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const catalog = selectStreams(options.catalog ?? (await runDiscover({ config, client, logger })), options.streams, options.fields);
  let summary: SyncSummary | undefined;
  let error: unknown;
  try {
    summary = await runSync({
      config,
      catalog,
      state: options.state ?? { bookmarks: {}, currently_syncing: null },
      writer: createMessageWriter(out),
      logger,
      client,
      now: () => new Date(),
      signal: options.signal ?? new AbortController().signal,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  } catch (err) {
    error = err;
  } finally {
    await client.close();
  }
  return {
    ...parseMessages(chunks.join('')),
    summary,
    error: syncError(error, summary),
    logs,
  };
}
