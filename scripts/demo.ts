/**
 * `npm run demo`: the tap end to end on the fake Intercom, no token and no network beyond loopback.
 * 1. starts the fake Intercom in this process; builds dist/ if dist/cli.js is missing;
 * 2. runs the BUILT CLI: discover, select every stream, sync into <out>/<stream>.jsonl (one record per
 *    line, as target-jsonl writes) and <out>/state.json (the last STATE); the tap's stderr (progress
 *    and summary) passes through;
 * 3. changes some records in the fake, syncs again from the saved state (appending, as target-jsonl
 *    does; run 2's records alone also go to <out>/run-2/) and prints run 1 against run 2 per stream.
 * Options: --scale N (fake workspace size; default 0.2 = 200 contacts, 1 = 1,000), --seed N, --out DIR, --build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeIntercom } from '../test/fake-intercom';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** What the demo changes in the fake between the runs. */
const CHANGES: Record<string, number> = { contacts: 25, companies: 10, conversations: 10, segments: 2 };

interface CatalogEntry {
  tap_stream_id: string;
  replication_method?: string;
  metadata: Array<{ breadcrumb: string[]; metadata: Record<string, unknown> }>;
}

interface RunResult {
  counts: Record<string, number>;
  ids: Record<string, string[]>;
  state: unknown;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function build(): void {
  say('building dist/ (npm run build) ...');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'postbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(CLI)) throw new Error(`build failed (tsc exit ${String(tsc.status)}): ${CLI} is missing`);
}

/** Runs the built CLI without blocking this process (the fake server lives here); stdout line by line. */
function runCli(args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLine(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (rest !== '') onLine(rest);
      if (code === 0) resolvePromise();
      else reject(new Error(`tap-intercom ${args.join(' ')} exited with ${String(code)}`));
    });
  });
}

/** A sync written the way target-jsonl writes: one file per stream, one record per line. */
async function sync(args: string[], dirs: string[]): Promise<RunResult> {
  const result: RunResult = { counts: {}, ids: {}, state: undefined };
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  await runCli(args, (line) => {
    const message = JSON.parse(line) as { type: string; stream?: string; record?: { id?: unknown }; value?: unknown };
    if (message.type === 'RECORD' && message.stream !== undefined) {
      const stream = message.stream;
      for (const dir of dirs) appendFileSync(join(dir, `${stream}.jsonl`), `${JSON.stringify(message.record)}\n`);
      result.counts[stream] = (result.counts[stream] ?? 0) + 1;
      if (message.record?.id !== undefined) (result.ids[stream] ??= []).push(String(message.record.id));
    } else if (message.type === 'STATE') {
      result.state = message.value;
    }
  });
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: join('output', 'demo') },
      build: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0) || !Number.isInteger(seed)) throw new Error('--scale must be a positive number and --seed an integer');
  const out = resolve(ROOT, values.out as string);
  if (values.build || !existsSync(CLI)) build();

  rmSync(out, { recursive: true, force: true });
  const work = join(out, '.work');
  mkdirSync(work, { recursive: true });
  const fake = await startFakeIntercom({ seed, scale });
  try {
    say(`fake Intercom on ${fake.url} (seed ${seed}, scale ${scale}); output in ${relative(process.cwd(), out) || '.'}/`);
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ access_token: fake.token, base_url: fake.url, start_date: '2020-01-01' }, null, 2));

    say('\n== discover: every stream selected ==');
    let discovered = '';
    await runCli(['--config', config, '--discover'], (line) => (discovered += `${line}\n`));
    const catalog = JSON.parse(discovered) as { streams: CatalogEntry[] };
    const method: Record<string, string> = {};
    const parentOf: Record<string, string> = {};
    for (const entry of catalog.streams) {
      const top = entry.metadata.find((m) => m.breadcrumb.length === 0);
      if (top) top.metadata.selected = true;
      method[entry.tap_stream_id] = String(top?.metadata['forced-replication-method'] ?? entry.replication_method ?? '');
      const parent = top?.metadata['parent-tap-stream-id'];
      if (typeof parent === 'string') parentOf[entry.tap_stream_id] = parent;
    }
    const catalogFile = join(work, 'catalog.json');
    writeFileSync(catalogFile, JSON.stringify(catalog));
    say(`${catalog.streams.length} streams: ${catalog.streams.map((s) => s.tap_stream_id).join(', ')}`);

    say('\n== run 1: full sync ==');
    const stateFile = join(out, 'state.json');
    const run1 = await sync(['--config', config, '--catalog', catalogFile], [out]);
    writeFileSync(stateFile, `${JSON.stringify(run1.state, null, 2)}\n`);

    fake.clock.advance(3600); // the changes happen an hour later in the fake's world
    const changed: Record<string, string[]> = {};
    // At most a fifth of a stream changes, so that even a tiny demo shows what an incremental run skips.
    for (const [stream, n] of Object.entries(CHANGES)) {
      changed[stream] = fake.updateRecords(stream, Math.max(1, Math.min(n, Math.floor(fake.groundTruth(stream).length / 5))));
    }
    say(`\n== changed in the fake: ${Object.entries(changed).map(([s, ids]) => `${ids.length} ${s}`).join(', ')} ==`);

    say('\n== run 2: incremental, from state.json ==');
    const run2 = await sync(['--config', config, '--catalog', catalogFile, '--state', stateFile], [out, join(out, 'run-2')]);
    writeFileSync(stateFile, `${JSON.stringify(run2.state, null, 2)}\n`);

    const streams = catalog.streams.map((s) => s.tap_stream_id);
    /** One explanation per row, in the same words for every stream of a kind. */
    const explain = (s: string): string => {
      if (method[s] !== 'INCREMENTAL') return 'all records again';
      const parent = parentOf[s];
      if (parent !== undefined) return `the children of the ${run2.counts[parent] ?? 0} ${parent} of run 2`;
      const ids = run2.ids[s] ?? [];
      const changedIds = new Set(changed[s] ?? []);
      const fresh = ids.filter((id) => changedIds.has(id)).length;
      return `${fresh} changed + ${(run2.counts[s] ?? 0) - fresh} at the bookmark's second`;
    };
    const width = Math.max(...streams.map((s) => s.length));
    say('\n== run 1 vs run 2 (records per stream) ==');
    say(`${'stream'.padEnd(width)}  ${'replication'.padEnd(11)}  ${'run 1'.padStart(7)}  ${'run 2'.padStart(7)}  run 2 is`);
    for (const s of streams) {
      say(`${s.padEnd(width)}  ${(method[s] ?? '').toLowerCase().replace('_', ' ').padEnd(11)}  ${String(run1.counts[s] ?? 0).padStart(7)}  ${String(run2.counts[s] ?? 0).padStart(7)}  ${explain(s)}`);
    }
    say('\nFull-table streams come whole each run. An incremental stream sends what changed since its bookmark, plus the');
    say("records at the bookmark's second (resumes are inclusive); a child stream, the children of its parent's records.");
    say(`Files: ${relative(process.cwd(), out) || '.'}/<stream>.jsonl (both runs, appended), run-2/<stream>.jsonl (run 2 only), state.json`);
    writeFileSync(
      join(out, 'summary.json'),
      `${JSON.stringify({ seed, scale, replication: method, changed, run1: { counts: run1.counts }, run2: { counts: run2.counts, ids: run2.ids } }, null, 2)}\n`,
    );
  } finally {
    await fake.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
