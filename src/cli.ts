#!/usr/bin/env -S node --max-semi-space-size=4
import { renderAbout, packageInfo } from './output/about';
import { HELP, parseInvocation, type Command } from './config/args';
import { CONFIG_SCHEMA, envHint, envVarName, loadConfig } from './config/load';
import { isTapError } from './common/errors';
import { createIntercomClient } from './http/client';
import { clientOptionsFromConfig } from './tap/client-options';
import type { ClientEvent, IntercomClient } from './http/types';
import { createLogger } from './output/log';
import { registerSecrets, SecretRegistry } from './output/redact';
import type { Logger } from './output/logger';
import { createProgressDisplay, isInteractive, type ProgressDisplay } from './progress/display';
import { renderSummary, summaryFields, type SummaryInput } from './progress/summary';
import type { ResolvedConfig } from './config/resolved';
import { readCatalogFile, resolveSelection } from './singer/catalog';
import { bookmarksAfterEnd, emptyState, readStateFile } from './singer/state';
import type { Catalog, TapState } from './singer/types';
import { createRenderPool, type PageParser } from './render/pool';
import { createMessageWriter } from './singer/writer';
import { STREAMS } from './streams/registry';
import { runDiscover } from './tap/discover';
import { runEnd } from './tap/outcome';
import { runSync, type SyncSummary } from './tap/sync';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  now?: () => Date;
}

function clientFor(config: ResolvedConfig, logger: Logger, onEvent?: (e: ClientEvent) => void, pages?: PageParser): IntercomClient {
  return createIntercomClient({ ...clientOptionsFromConfig(config, logger, pages), ...(onEvent ? { onEvent } : {}) });
}

/** The end summary of runSync's SyncSummary, for the text or JSON summary line(s). */
function summaryInput(summary: SyncSummary, failed: boolean): SummaryInput {
  return {
    records: summary.records,
    status: summary.streams,
    warnings: summary.warnings,
    http: summary.http,
    seconds: summary.seconds,
    failed,
    ...(summary.interrupted ? { interrupted: true } : {}),
  };
}

function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

async function connectionTest(client: IntercomClient, io: CliIo): Promise<number> {
  const response = await client.request<{ app?: { name?: string }; name?: string }>({ method: 'GET', path: '/me', stream: 'me' });
  const name = response.data.app?.name ?? response.data.name ?? 'unknown app';
  io.stderr.write(`connection ok: ${name}\n`);
  return 0;
}

/** Exit codes of a run stopped by a signal (128 + the signal number), as shells report them. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

async function sync(
  command: Command,
  catalog: Catalog | null,
  state: TapState,
  config: ResolvedConfig,
  logger: Logger,
  client: IntercomClient,
  io: CliIo,
  now: () => Date,
  display: ProgressDisplay,
): Promise<number> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    received = signal;
    logger.warn(`received ${signal}: stopping after the state of finished work is written`);
    controller.abort();
    client.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  display.start();
  let summary: SyncSummary | undefined;
  try {
    // Without a catalog: discover (custom attributes typed) and sync what is selected by default.
    const effective = catalog ?? (await runDiscover({ config, client, logger }));
    // The display counts the selected streams from the start, and knows which are children (no total of their own).
    display.tracker.plan(resolveSelection(effective, STREAMS, command.catalogFile));
    summary = await runSync({
      config,
      catalog: effective,
      state,
      writer: createMessageWriter(io.stdout),
      logger,
      client,
      now,
      signal: controller.signal,
      progress: display.tracker,
      ...(command.catalogFile !== undefined ? { catalogFile: command.catalogFile } : {}),
    });
  } finally {
    display.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  // The summary, then (the run's last stderr lines) one ERROR line per failed stream.
  const end = runEnd(summary, config.skip_unavailable_streams);
  const interrupted = summary.interrupted && summary.fatal === undefined;
  const input = summaryInput(summary, !interrupted && end.code !== 0);
  if (config.log_format === 'json') logger.info('sync summary', summaryFields(input));
  else display.output.write(`${renderSummary(input).join('\n')}\n`);
  if (interrupted) return SIGNAL_EXIT[received ?? 'SIGTERM'] ?? 1;
  for (const line of end.errors) logger.error(line.message, line.fields);
  return end.code;
}

/** The command line. Returns the exit code; only the entry below calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  let logger: Logger | undefined;
  let redact = (text: string): string => text;
  let debug = false;
  try {
    const invocation = parseInvocation(argv, envHint(io.env));
    if (invocation.kind === 'help') {
      await writeOut(io.stdout, HELP);
      return 0;
    }
    if (invocation.kind === 'about') {
      await writeOut(io.stdout, renderAbout(invocation.format, CONFIG_SCHEMA, envVarName));
      return 0;
    }
    if (invocation.kind === 'version') {
      await writeOut(io.stdout, `${packageInfo().name} ${packageInfo().version}\n`);
      return 0;
    }
    const { command } = invocation;
    const { config, warnings } = loadConfig(command.configFiles, io.env, now());
    const secrets = new SecretRegistry();
    registerSecrets(secrets, config.access_token, config.rate_limit_redis_url);
    redact = (text) => secrets.redact(text);
    debug = config.log_level === 'debug';
    let catalog: Catalog | null = null;
    let state = emptyState();
    if (command.mode === 'sync') {
      if (command.catalogFile !== undefined) catalog = readCatalogFile(command.catalogFile, STREAMS, warnings);
      if (command.stateFile !== undefined) {
        state = readStateFile(command.stateFile, STREAMS, warnings);
        const end = config.end_date !== undefined ? { ms: Date.parse(config.end_date), name: `end_date ${config.end_date}` } : { ms: now().getTime(), name: 'now' };
        warnings.push(...bookmarksAfterEnd(state, command.stateFile, STREAMS, end.ms, config.lookback_window, end.name));
      }
    }
    // Sync shows progress on stderr: live on a terminal, a periodic line otherwise. Logs pass through it, in
    // every mode: on a terminal it keeps the METRIC lines off (discover and --test never start it).
    const display = createProgressDisplay({
      stream: io.stderr,
      live: isInteractive(io.stderr as { isTTY?: boolean }, io.env),
      format: config.log_format,
      hideMetrics: config.log_level !== 'debug',
    });
    const log = createLogger({ stream: display.output, format: config.log_format, level: config.log_level, secrets: secrets.list() });
    logger = log;
    for (const warning of warnings) log.warn(warning);

    // Sync parses and renders large pages on worker threads (src/render), started on the first such page.
    const pages = command.mode === 'sync' && config.render_workers > 0 ? createRenderPool({ workers: config.render_workers }) : undefined;
    const client = clientFor(config, log, (e) => display.tracker.clientEvent(e), pages);
    try {
      if (command.mode === 'test') return await connectionTest(client, io);
      if (command.mode === 'discover') {
        const discovered = await runDiscover({ config, client, logger: log });
        await writeOut(io.stdout, `${JSON.stringify(discovered, null, 2)}\n`);
        return 0;
      }
      return await sync(command, catalog, state, config, log, client, io, now, display);
    } finally {
      await client.close();
      await pages?.close();
    }
  } catch (err) {
    const code = isTapError(err) ? err.exitCode : 1;
    const message = redact(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
    if (code === 2 || !logger) {
      io.stderr.write(`${code === 2 || isTapError(err) ? message : `unexpected error: ${message}`}\n`);
    } else {
      logger.error(isTapError(err) ? message : `unexpected error: ${message}`);
      if (debug && err instanceof Error && err.stack) logger.debug(redact(err.stack));
    }
    return code;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => process.exit(code));
}
