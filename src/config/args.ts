/**
 * The command line's words: what the arguments ask for, checked before anything is read. The dispatch
 * (what each mode does, exit codes) is src/cli.ts.
 */
import { parseArgs } from 'node:util';
import type { AboutFormat } from '../output/about';
import { UsageError } from '../common/errors';

export const HELP = `Usage:
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

Exit codes: 0 success (unavailable streams skipped with a warning), 1 a stream failed (the others
completed) or the run failed, 2 bad usage, config, catalog or state, 130 SIGINT, 143 SIGTERM.
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

export type Mode = 'discover' | 'sync' | 'test';

/** A run that reads the config: discover, sync or the connection test. */
export interface Command {
  mode: Mode;
  configFiles: string[];
  catalogFile?: string;
  stateFile?: string;
}

/** What the command line asks for. */
export type Invocation =
  | { kind: 'help' }
  | { kind: 'about'; format: AboutFormat }
  | { kind: 'version' }
  | { kind: 'run'; command: Command };

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

/**
 * Reads the arguments. `--help`, `--about` and `--version` win over anything else (in that order), so
 * that they answer even next to flags another tool added. `envHint` is said when `--config` is missing
 * (that TAP_INTERCOM_* variables are set and need `--config ENV`).
 */
export function parseInvocation(argv: readonly string[], envHint?: string): Invocation {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--about')) return { kind: 'about', format: aboutFormat(argv) };
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  return { kind: 'run', command: parseCommand(argv, envHint) };
}

function parseCommand(argv: readonly string[], envHint?: string): Command {
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
  if (configFiles.length === 0) throw new UsageError(`--config FILE is required (see --help)${envHint ? `; ${envHint}` : ''}`);
  const mode: Mode = values.test ? 'test' : values.discover || sub === 'discover' ? 'discover' : 'sync';
  const command: Command = { mode, configFiles };
  const catalogFile = values.catalog ?? values.properties;
  if (catalogFile !== undefined) command.catalogFile = catalogFile;
  if (values.state !== undefined) command.stateFile = values.state;
  return command;
}
