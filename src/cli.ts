#!/usr/bin/env -S node --max-semi-space-size=4
import { parseArgs } from 'node:util';
import { renderAbout, packageInfo, type AboutFormat } from './output/about';
import { CONFIG_SCHEMA, envVarName, loadConfig } from './config/load';
import { CatalogError, StateError, UsageError, isTapError } from './common/errors';
import { createIntercomClient } from './http/client';
import { clientOptionsFromConfig } from './tap/client-options';
import type { ClientEvent, IntercomClient } from './http/types';
import { readInputFile } from './common/input-file';
import { createLogger } from './output/log';
import type { Logger } from './output/logger';
import { createProgressDisplay, isInteractive, type ProgressDisplay } from './progress/display';
import { renderSummary, summaryFields, type SummaryInput } from './progress/summary';
import type { ResolvedConfig } from './config/resolved';
import { parseCatalog, resolveSelection } from './singer/catalog';
import { emptyState, parseState } from './singer/state';
import type { Catalog, TapState } from './singer/types';
import { createRenderPool, type PageParser } from './render/pool';
import { createMessageWriter } from './singer/writer';
import { STREAMS } from './streams/registry';
import { runDiscover } from './tap/discover';
import { runSync } from './tap/sync';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  now?: () => Date;
}

const HELP = `Usage:
  tap-intercom --config FILE [--config FILE2 | --config ENV] --discover
  tap-intercom --config FILE [--catalog FILE] [--state FILE]
  tap-intercom discover --config FILE
  tap-intercom sync --config FILE [--catalog FILE] [--state FILE]
  tap-intercom --config FILE --test
  tap-intercom --about [--format text|json|markdown]
  tap-intercom --version | --help

Options:
  --config FILE      Config JSON; repeat to merge (later wins). ENV reads TAP_INTERCOM_<SETTING> variables.
  --discover         Print the catalog (with typed custom attributes) on stdout.
  --catalog FILE     Catalog with the streams and fields to sync (alias: --properties).
                     Without it, the streams selected by default are synced.
  --state FILE       State of the previous run: incremental streams resume from its bookmarks.
  --test             Check the token and region with one request (GET /me).
  --about            Describe the tap and its settings (--format text, json or markdown).

Exit codes: 0 success, 1 runtime failure, 2 bad usage, config, catalog or state.
`;

const OPTIONS = {
  config: { type: 'string', multiple: true },
  catalog: { type: 'string' },
  properties: { type: 'string' },
  state: { type: 'string' },
  discover: { type: 'boolean' },
  about: { type: 'boolean' },
  format: { type: 'string' },
  test: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Mode = 'discover' | 'sync' | 'test';

interface Command {
  mode: Mode;
  configFiles: string[];
  catalogFile?: string;
  stateFile?: string;
}

/** `--format` of `--about`, read leniently: Meltano puts `--about --format=json` after any other flags. */
function aboutFormat(argv: readonly string[]): AboutFormat {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--format=')) value = arg.slice('--format='.length);
    else if (arg === '--format') value = argv[i + 1];
  });
  if (value === undefined) return 'text';
  if (value === 'text' || value === 'json' || value === 'markdown') return value;
  throw new UsageError(`--format: must be text, json or markdown`);
}

function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    const text = err instanceof Error ? (err.message.split('. ')[0] ?? err.message) : String(err);
    throw new UsageError(`${text.replace(/\.$/, '')} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'discover' && positionals[0] !== 'sync'))
    throw new UsageError(`unexpected argument "${positionals.find((p) => p !== 'discover' && p !== 'sync') ?? positionals[1]}" (see --help)`);
  const sub = positionals[0];
  if (values.format !== undefined) throw new UsageError('--format applies only to --about');
  if (sub === 'sync' && values.discover) throw new UsageError('sync and --discover cannot be combined');
  if (values.test && (values.discover || sub)) throw new UsageError('--test cannot be combined with discover or sync');
  if (values.catalog !== undefined && values.properties !== undefined)
    throw new UsageError('--catalog and --properties are the same option: give one');
  const configFiles = values.config ?? [];
  if (configFiles.length === 0) throw new UsageError('--config FILE is required (see --help)');
  const mode: Mode = values.test ? 'test' : values.discover || sub === 'discover' ? 'discover' : 'sync';
  const command: Command = { mode, configFiles };
  const catalogFile = values.catalog ?? values.properties;
  if (catalogFile !== undefined) command.catalogFile = catalogFile;
  if (values.state !== undefined) command.stateFile = values.state;
  return command;
}

function readCatalog(file: string): Catalog {
  const read = readInputFile(file);
  if (!read.ok) throw new CatalogError(file, [read.issue]);
  const catalog = parseCatalog(read.text, file, STREAMS);
  // Every selection problem now, before any work. A catalog that selects nothing is a mistake (a run
  // that syncs nothing and exits 0 would hide it), so it is bad input too.
  if (catalog.streams.length === 0) throw new CatalogError(file, ['streams: is empty, expected at least one stream']);
  if (resolveSelection(catalog, STREAMS, file).length === 0)
    throw new CatalogError(file, ['streams: no stream is selected, expected "selected": true in the metadata of at least one stream (breadcrumb [])']);
  return catalog;
}

function readState(file: string): TapState {
  const read = readInputFile(file);
  if (!read.ok) throw new StateError(file, [read.issue]);
  return parseState(read.text, file, STREAMS);
}

function clientFor(config: ResolvedConfig, logger: Logger, onEvent?: (e: ClientEvent) => void, pages?: PageParser): IntercomClient {
  return createIntercomClient({ ...clientOptionsFromConfig(config, logger), ...(onEvent ? { onEvent } : {}), ...(pages ? { pages } : {}) });
}

/** The end summary from what the display saw (also after a failure), streams in registry order. */
function summaryInput(display: ProgressDisplay, client: IntercomClient, seconds: number, failed: boolean): SummaryInput {
  const snap = display.tracker.snapshot();
  const order = (name: string): number => STREAMS.findIndex((s) => s.name === name);
  const streams = [...snap.streams].sort((a, b) => order(a.name) - order(b.name));
  return {
    records: Object.fromEntries(streams.map((s) => [s.name, s.records])),
    status: Object.fromEntries(streams.map((s) => [s.name, s.status])),
    warnings: snap.warnings,
    http: client.stats(),
    seconds,
    failed,
  };
}

function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

function redactor(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text);
}

async function connectionTest(client: IntercomClient, io: CliIo): Promise<number> {
  const response = await client.request<{ app?: { name?: string }; name?: string }>({ method: 'GET', path: '/me', stream: 'me' });
  const name = response.data.app?.name ?? response.data.name ?? 'unknown app';
  io.stderr.write(`connection ok: ${name}\n`);
  return 0;
}

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
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    logger.warn(`received ${signal}: stopping after the state of finished work is written`);
    controller.abort();
    client.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const startedMs = now().getTime();
  let failed = true;
  display.start();
  try {
    // Without a catalog: discover (custom attributes typed) and sync what is selected by default.
    const effective = catalog ?? (await runDiscover({ config, client, logger }));
    const writer = createMessageWriter(io.stdout);
    await runSync({
      config,
      catalog: effective,
      state,
      writer,
      logger,
      client,
      now,
      signal: controller.signal,
      progress: display.tracker,
      ...(command.catalogFile !== undefined ? { catalogFile: command.catalogFile } : {}),
    });
    await writer.flush();
    failed = controller.signal.aborted;
    return failed ? 1 : 0;
  } finally {
    display.stop();
    const input = summaryInput(display, client, (now().getTime() - startedMs) / 1000, failed);
    if (config.log_format === 'json') logger.info('sync summary', summaryFields(input));
    else display.output.write(`${renderSummary(input).join('\n')}\n`);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** The command line. Returns the exit code; only the entry below calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  let logger: Logger | undefined;
  let redact = (text: string): string => text;
  let debug = false;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      await writeOut(io.stdout, HELP);
      return 0;
    }
    if (argv.includes('--about')) {
      await writeOut(io.stdout, renderAbout(aboutFormat(argv), CONFIG_SCHEMA, envVarName));
      return 0;
    }
    if (argv.includes('--version') || argv.includes('-v')) {
      await writeOut(io.stdout, `${packageInfo().name} ${packageInfo().version}\n`);
      return 0;
    }
    const command = parseCommand(argv);
    const { config, warnings } = loadConfig(command.configFiles, io.env, now());
    redact = redactor([config.access_token]);
    debug = config.log_level === 'debug';
    let catalog: Catalog | null = null;
    let state = emptyState();
    if (command.mode === 'sync') {
      if (command.catalogFile !== undefined) catalog = readCatalog(command.catalogFile);
      if (command.stateFile !== undefined) state = readState(command.stateFile);
    }
    // Sync shows progress on stderr: live on a terminal, a periodic line otherwise. Logs pass through it.
    const display =
      command.mode === 'sync'
        ? createProgressDisplay({
            stream: io.stderr,
            live: isInteractive(io.stderr as { isTTY?: boolean }, io.env),
            format: config.log_format,
            hideMetrics: config.log_level !== 'debug',
          })
        : undefined;
    const log = createLogger({ stream: display?.output ?? io.stderr, format: config.log_format, level: config.log_level, secrets: [config.access_token] });
    logger = log;
    for (const warning of warnings) log.warn(warning);

    // Sync parses and renders large pages on worker threads (src/render), started on the first such page.
    const pages = command.mode === 'sync' && config.render_workers > 0 ? createRenderPool({ workers: config.render_workers }) : undefined;
    const client = clientFor(config, log, display ? (e) => display.tracker.clientEvent(e) : undefined, pages);
    try {
      if (command.mode === 'test') return await connectionTest(client, io);
      if (command.mode === 'discover') {
        const discovered = await runDiscover({ config, client, logger: log });
        await writeOut(io.stdout, `${JSON.stringify(discovered, null, 2)}\n`);
        return 0;
      }
      return await sync(command, catalog, state, config, log, client, io, now, display ?? createProgressDisplay({ stream: io.stderr, live: false }));
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
