/**
 * One benchmark run: the fake Intercom in this process, the BUILT tap (`node dist/cli.js sync`) as a
 * child with its stdout read by the counting sink, its peak RSS sampled, and the fake's request counts
 * per route mapped to the streams that call them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeIntercom, type FakeIntercom, type FakeStats } from '../test/fake-intercom';
import { sampleRss } from './rss';
import type { SinkResult } from './sink';

export const ROOT = join(__dirname, '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface RunSpec {
  /** Label in the report. */
  label: string;
  scale: number;
  counts?: Record<string, number>;
  latencyMs: number;
  jitterMs?: number;
  /** Requests per 10 s the fake allows. */
  budget: number;
  /** Requests per 10 s another client spends (fake `consumeBudgetPer10s`). */
  otherClientPer10s?: number;
  streams: string[];
  /** Extra tap config (search_parallelism, max_concurrency, rate_limit_redis_url...). */
  config?: Record<string, unknown>;
  /** Throttle the sink to this many bytes per second (a slow target). */
  sinkBytesPerSecond?: number;
  /** Changes made in the fake before the sync (e.g. `{conversations: 5000}` changed records). */
  update?: Record<string, number>;
  seed?: number;
}

export interface StreamFigures {
  records: number;
  requests: number;
  seconds: number;
  recordsPerSecond: number;
  requestsPerSecond: number;
  rateLimited: number;
}

export interface RunResult {
  label: string;
  spec: RunSpec;
  exitCode: number | null;
  seconds: number;
  streams: Record<string, StreamFigures>;
  totals: { records: number; requests: number; rateLimited: number; recordsPerSecond: number; requestsPerSecond: number };
  /** Requests the fake counted per route during the sync. */
  byRoute: Record<string, number>;
  peakConcurrent: number;
  peakRssBytes: number;
  /** CPU time (user + system) the tap process used. */
  tapCpuSeconds: number;
  /** CPU time of this process (the fake Intercom) during the sync. */
  fakeCpuSeconds: number;
  /** Share of the budget used: requests per second / (budget / 10). */
  budgetUsed: number;
  /** Requests in each 10-second window the sync spanned, in order (the first and last are partial). */
  requestsPerWindow: number[];
  /** Average share of the budget used in the windows wholly inside the sync; undefined when none was. */
  fullWindowBudgetUsed: number | undefined;
  lastState: unknown;
  stderrTail: string;
}

interface CatalogEntry {
  tap_stream_id: string;
  metadata: Array<{ breadcrumb: string[]; metadata: Record<string, unknown> }>;
}

/**
 * Preloaded into the tap: writes its own peak RSS (kB) to a file on exit, the exact high-water mark:
 * VmHWM of /proc/self/status where there is one. Not getrusage's maxRSS on Linux: it starts from the
 * peak of the image before exec, i.e. of this forked bench process, which holds the fake's prerendered pages.
 */
const RSS_PRELOAD = `process.on('exit', () => { try { const fs = require('fs'); let hwm; try { const m = /^VmHWM:\\s+(\\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8')); if (m) hwm = Number(m[1]); } catch {} const u = process.resourceUsage(); fs.writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRss: hwm ?? u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime })); } catch {} });\n`;

/** Route → stream, from the endpoints the tap calls (`METHOD /path` as the fake counts them). */
const ROUTE_STREAM: Array<[string, string]> = [
  ['POST /contacts/search', 'contacts'],
  ['GET /contacts/{id}', 'contacts'],
  ['GET /contacts/{id}/tags', 'contact_tags'],
  ['GET /contacts/{id}/companies', 'contact_companies'],
  ['GET /contacts/{id}/segments', 'contact_segments'],
  ['GET /contacts/{id}/notes', 'notes'],
  ['POST /conversations/search', 'conversations'],
  ['GET /conversations/{id}', 'conversation_parts'],
  ['POST /tickets/search', 'tickets'],
  ['GET /companies/scroll', 'companies'],
  ['POST /companies/list', 'companies'],
  ['GET /companies/{id}/contacts', 'company_contacts'],
  ['GET /admins', 'admins'],
  ['GET /teams', 'teams'],
  ['GET /tags', 'tags'],
  ['GET /segments', 'segments'],
  ['GET /admins/activity_logs', 'activity_logs'],
  ['GET /events', 'events'],
  ['GET /counts', 'counts'],
  ['GET /help_center/collections', 'help_center_collections'],
  ['GET /articles', 'help_center_articles'],
];

function streamOfRoute(route: string, selected: readonly string[]): string {
  const hit = ROUTE_STREAM.find(([r]) => r === route);
  if (!hit) return 'other';
  if (selected.includes(hit[1])) return hit[1];
  // A route of an unselected stream serves a selected relative (a parent read for its children).
  const relatives: Record<string, string[]> = {
    contacts: ['contact_tags', 'contact_companies', 'contact_segments', 'notes', 'events'],
    conversations: ['conversation_parts'],
    conversation_parts: ['conversations'],
    companies: ['company_contacts'],
  };
  return (relatives[hit[1]] ?? []).find((s) => selected.includes(s)) ?? hit[1];
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A catalog from the tap's own discovery (custom attributes typed) with exactly `streams` selected. */
async function catalogFor(configFile: string, streams: readonly string[]): Promise<unknown> {
  const out = await runCli(['discover', '--config', configFile], process.env);
  if (out.code !== 0) throw new Error(`discover failed (${String(out.code)}): ${out.stderr.slice(-2000)}`);
  const catalog = JSON.parse(out.stdout) as { streams: CatalogEntry[] };
  const known = new Set(catalog.streams.map((s) => s.tap_stream_id));
  const unknown = streams.filter((s) => !known.has(s));
  if (unknown.length > 0) throw new Error(`unknown stream(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  for (const entry of catalog.streams) {
    for (const m of entry.metadata) {
      if (m.breadcrumb.length === 0) m.metadata['selected'] = streams.includes(entry.tap_stream_id);
    }
  }
  return catalog;
}

export interface RunHooks {
  /** Called with the fake once it is up, before the sync (e.g. to point a second process at it). */
  onFake?: (fake: FakeIntercom) => void;
}

export async function runSync(spec: RunSpec, hooks: RunHooks = {}): Promise<RunResult> {
  const work = mkdtempSync(join(tmpdir(), 'tap-intercom-bench-'));
  const fake = await startFakeIntercom({
    seed: spec.seed ?? 1,
    scale: spec.scale,
    ...(spec.counts ? { counts: spec.counts } : {}),
    rateLimitPer10s: spec.budget,
    // Contacts' search JSON rendered before the sync (for the tap's Intercom-Version), so serving it costs the fake little CPU.
    prerender: typeof spec.config?.['api_version'] === 'string' ? [spec.config['api_version']] : true,
  });
  try {
    hooks.onFake?.(fake);
    const configFile = join(work, 'config.json');
    const config = { access_token: fake.token, base_url: fake.url, start_date: '2020-01-01T00:00:00Z', log_level: 'warn', ...spec.config };
    writeFileSync(configFile, JSON.stringify(config));
    const catalogFile = join(work, 'catalog.json');
    writeFileSync(catalogFile, JSON.stringify(await catalogFor(configFile, spec.streams)));
    for (const [stream, count] of Object.entries(spec.update ?? {})) fake.updateRecords(stream, count);
    // Latency and the other client apply to the sync only (discovery above spent a few requests of the budget).
    fake.setFaults({ latencyMs: spec.latencyMs, jitterMs: spec.jitterMs ?? 0, consumeBudgetPer10s: spec.otherClientPer10s ?? 0 });
    fake.resetStats();
    return await syncOnce(spec, fake, work, configFile, catalogFile);
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function syncOnce(spec: RunSpec, fake: FakeIntercom, work: string, configFile: string, catalogFile: string): Promise<RunResult> {
  const preload = join(work, 'rss-preload.js');
  writeFileSync(preload, RSS_PRELOAD);
  const rssFile = join(work, 'rss.txt');
  // The sink runs in its own process reading the tap's stdout pipe directly (see sink-main.ts).
  const sinkProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sink-main.ts'), String(spec.sinkBytesPerSecond ?? 0)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let sinkOut = '';
  sinkProcess.stdout.setEncoding('utf8').on('data', (c: string) => (sinkOut += c));
  const sinkDone = new Promise<SinkResult>((resolve, reject) => {
    sinkProcess.once('error', reject);
    sinkProcess.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(sinkOut) as SinkResult);
      else reject(new Error(`sink exited with ${String(code)}`));
    });
  });
  const started = Date.now();
  const benchCpu = process.cpuUsage();
  // BENCH_TAP_NODE_ARGS: extra node flags for the tap, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  // The tap runs with the Node flags of its own shebang (as the installed bin does), plus any asked for.
  const shebang = /^#!.*\bnode\b(.*)$/.exec(readFileSync(CLI, 'utf8').split('\n', 1)[0] ?? '');
  const nodeArgs = [...(shebang?.[1] ?? '').split(' '), ...(process.env['BENCH_TAP_NODE_ARGS'] ?? '').split(' ')].filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--require', preload, CLI, 'sync', '--config', configFile, '--catalog', catalogFile], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', sinkProcess.stdin, 'pipe'],
  });
  // The tap holds the pipe now: closing our end lets the sink see EOF when the tap exits.
  sinkProcess.stdin.destroy();
  const sampler = sampleRss(child.pid ?? -1);
  // Requests per 10-second window of the fake (its windows are wall-clock aligned), polled.
  const perWindow = new Map<number, number>();
  let counted = 0;
  const countWindows = (): void => {
    const total = fake.stats().totalRequests;
    const w = Math.floor(Date.now() / 10_000);
    perWindow.set(w, (perWindow.get(w) ?? 0) + total - counted);
    counted = total;
  };
  const windowTimer = setInterval(countWindows, 25);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr = (stderr + c).slice(-20000);
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const sink = await sinkDone;
  const ended = Date.now();
  clearInterval(windowTimer);
  countWindows();
  const benchUsage = process.cpuUsage(benchCpu);
  const fakeCpuSeconds = (benchUsage.user + benchUsage.system) / 1e6;
  let peak = await sampler.stop();
  let cpuSeconds = 0;
  try {
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRss: number; cpuUs: number };
    peak = Math.max(peak, usage.maxRss * 1024);
    cpuSeconds = usage.cpuUs / 1e6;
  } catch {
    // No report: the sampled peak stands.
  }
  return summarise(spec, fake.stats(), sink, { exitCode, started, ended, peak, cpuSeconds, fakeCpuSeconds, stderr, perWindow });
}

function summarise(
  spec: RunSpec,
  stats: FakeStats,
  sink: SinkResult,
  run: { exitCode: number | null; started: number; ended: number; peak: number; cpuSeconds: number; fakeCpuSeconds: number; stderr: string; perWindow: Map<number, number> },
): RunResult {
  const requestsOf: Record<string, number> = {};
  for (const [route, n] of Object.entries(stats.byRoute)) {
    const s = streamOfRoute(route, spec.streams);
    requestsOf[s] = (requestsOf[s] ?? 0) + n;
  }
  const seconds = (run.ended - run.started) / 1000;
  const names = [...new Set([...spec.streams, ...Object.keys(sink.records)])];
  const streams: Record<string, StreamFigures> = {};
  for (const name of names) {
    const records = sink.records[name] ?? 0;
    const last = sink.lastRecordAt[name];
    const secs = last === undefined ? seconds : (last - run.started) / 1000;
    const requests = requestsOf[name] ?? 0;
    streams[name] = {
      records,
      requests,
      seconds: round(secs, 2),
      recordsPerSecond: round(records / Math.max(secs, 1e-3), 0),
      requestsPerSecond: round(requests / Math.max(secs, 1e-3), 1),
      rateLimited: 0,
    };
  }
  const keys = [...run.perWindow.keys()].sort((a, b) => a - b);
  const windows = keys.length === 0 ? [] : Array.from({ length: (keys[keys.length - 1] as number) - (keys[0] as number) + 1 }, (_, k) => run.perWindow.get((keys[0] as number) + k) ?? 0);
  const full = windows.slice(1, -1);
  const totalRecords = Object.values(sink.records).reduce((a, b) => a + b, 0);
  // The fake counts 429s per server, not per route: they are reported in the totals.
  const rateLimited = stats.rateLimited;
  const requestsPerSecond = stats.totalRequests / Math.max(seconds, 1e-3);
  return {
    label: spec.label,
    spec,
    exitCode: run.exitCode,
    seconds: round(seconds, 2),
    streams,
    totals: {
      records: totalRecords,
      requests: stats.totalRequests,
      rateLimited,
      recordsPerSecond: round(totalRecords / Math.max(seconds, 1e-3), 0),
      requestsPerSecond: round(requestsPerSecond, 1),
    },
    byRoute: stats.byRoute,
    peakConcurrent: stats.peakConcurrent,
    peakRssBytes: run.peak,
    tapCpuSeconds: round(run.cpuSeconds, 2),
    fakeCpuSeconds: round(run.fakeCpuSeconds, 2),
    budgetUsed: round(requestsPerSecond / (spec.budget / 10), 3),
    requestsPerWindow: windows,
    fullWindowBudgetUsed: full.length === 0 ? undefined : round(full.reduce((a, b) => a + b, 0) / full.length / spec.budget, 3),
    lastState: sink.lastState,
    stderrTail: run.exitCode === 0 ? '' : run.stderr.slice(-4000),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
