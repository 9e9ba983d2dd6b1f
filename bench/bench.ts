/**
 * `npm run bench` (builds dist/ first): the tap's speed and memory against the fake Intercom.
 *
 *   npm run bench -- --scenario all            every README target (cpu, n-plus-1, paging, memory, discipline)
 *   npm run bench -- --scenario cpu --json     one target, JSON out
 *   npm run bench -- --contacts 50000 --latency-ms 50 --budget 1666 --streams contacts
 *
 * Options of a custom run: --scale N, --contacts N, --conversations N, --companies N, --latency-ms N,
 * --budget N (per 10 s), --other-client N (per 10 s), --streams a,b, --search-parallelism N,
 * --max-concurrency N, --render-workers N, --sink-mb-per-second N. Prints a table per run (records, requests, seconds,
 * records/s, requests/s, 429s, peak RSS) and, for scenarios, each target with the measured figure.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { formatChecks, formatRun } from './report';
import { CLI, runSync, type RunResult, type RunSpec } from './run-sync';
import { SCENARIOS, findScenario, type Check } from './scenarios';

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return x;
}

function customSpec(v: Record<string, string | boolean | undefined>): RunSpec {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const counts: Record<string, number> = {};
  for (const k of ['contacts', 'conversations', 'companies', 'tickets']) {
    const x = num(str(k), k);
    if (x !== undefined) counts[k] = x;
  }
  const config: Record<string, unknown> = {};
  const sp = num(str('search-parallelism'), 'search-parallelism');
  if (sp !== undefined) config['search_parallelism'] = sp;
  const mc = num(str('max-concurrency'), 'max-concurrency');
  if (mc !== undefined) config['max_concurrency'] = mc;
  const rw = num(str('render-workers'), 'render-workers');
  if (rw !== undefined) config['render_workers'] = rw;
  const sink = num(str('sink-mb-per-second'), 'sink-mb-per-second');
  const other = num(str('other-client'), 'other-client');
  const spec: RunSpec = {
    label: 'custom',
    scale: num(str('scale'), 'scale') ?? 1,
    counts,
    latencyMs: num(str('latency-ms'), 'latency-ms') ?? 0,
    budget: num(str('budget'), 'budget') ?? 1666,
    streams: (str('streams') ?? 'contacts').split(',').map((s) => s.trim()).filter(Boolean),
    config,
  };
  if (sink !== undefined) spec.sinkBytesPerSecond = sink * 1024 * 1024;
  if (other !== undefined) spec.otherClientPer10s = other;
  return spec;
}

interface Report {
  scenario: string;
  title: string;
  runs: Array<RunResult & { loadAverage: number[] }>;
  checks: Check[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      json: { type: 'boolean', default: false },
      scale: { type: 'string' },
      contacts: { type: 'string' },
      conversations: { type: 'string' },
      companies: { type: 'string' },
      tickets: { type: 'string' },
      'latency-ms': { type: 'string' },
      budget: { type: 'string' },
      'other-client': { type: 'string' },
      streams: { type: 'string' },
      'search-parallelism': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'render-workers': { type: 'string' },
      'sink-mb-per-second': { type: 'string' },
    },
  });
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm run bench does)`);
  const json = values.json === true;
  const say = (text: string): void => {
    if (!json) process.stdout.write(`${text}\n`);
  };
  const plans: Array<{ name: string; title: string; runs: RunSpec[]; check: (r: RunResult[]) => Check[] }> = [];
  if (values.scenario === undefined) {
    plans.push({ name: 'custom', title: 'custom run', runs: [customSpec(values)], check: () => [] });
  } else if (values.scenario === 'all') {
    plans.push(...SCENARIOS);
  } else {
    const s = findScenario(values.scenario);
    if (!s) throw new Error(`unknown scenario ${values.scenario} (known: all, ${SCENARIOS.map((x) => x.name).join(', ')})`);
    plans.push(s);
  }
  const reports: Report[] = [];
  for (const plan of plans) {
    say(`\n### ${plan.title}`);
    const runs: Report['runs'] = [];
    for (const spec of plan.runs) {
      const before = loadavg().map((x) => Math.round(x * 100) / 100);
      const result = await runSync(spec);
      runs.push({ ...result, loadAverage: before });
      say(`${formatRun(result)}\nload average before the run: ${before.join(', ')}`);
    }
    const checks = plan.check(runs);
    if (checks.length > 0) say(formatChecks(plan.title, checks));
    reports.push({ scenario: plan.name, title: plan.title, runs, checks });
  }
  if (json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  const missed = reports.flatMap((r) => r.checks).filter((c) => !c.ok).length;
  if (missed > 0) say(`\n${missed} target(s) missed`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
