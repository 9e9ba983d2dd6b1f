/**
 * The named scenarios, one per performance target of the README (`npm run bench -- --scenario NAME`,
 * `--scenario all` for every one). Each is a list of runs and a check that turns their figures into
 * pass/fail lines against the target.
 */
import type { RunResult, RunSpec } from './run-sync';

export interface Check {
  target: string;
  measured: string;
  ok: boolean;
}

export interface Scenario {
  name: string;
  title: string;
  runs: RunSpec[];
  check(results: RunResult[]): Check[];
}

const MB = 1024 * 1024;

function stream(r: RunResult | undefined, name: string): RunResult['streams'][string] | undefined {
  return r?.streams[name];
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The share of the budget used: in the windows wholly inside the run when there are any, else by rate. */
function used(r: RunResult | undefined): number {
  return r?.fullWindowBudgetUsed ?? r?.budgetUsed ?? 0;
}

function completed(results: RunResult[]): Check {
  const failed = results.filter((r) => r.exitCode !== 0);
  return { target: 'every sync exits 0', measured: failed.length === 0 ? 'yes' : failed.map((r) => `${r.label}: exit ${String(r.exitCode)}`).join('; '), ok: failed.length === 0 };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'cpu',
    title: '1. CPU bound: latency 0, 200,000 contacts with custom attributes',
    runs: [{ label: 'cpu', scale: 1, counts: { contacts: 200_000 }, latencyMs: 0, budget: 1e9, streams: ['contacts'] }],
    check: ([r]) => {
      const s = stream(r, 'contacts');
      const rps = s?.recordsPerSecond ?? 0;
      return [
        completed(r ? [r] : []),
        { target: 'contacts: 200,000 records', measured: fmt(s?.records ?? 0), ok: s?.records === 200_000 },
        { target: '>= 20,000 records/s', measured: `${fmt(rps)} records/s`, ok: rps >= 20_000 },
      ];
    },
  },
  {
    name: 'n-plus-1',
    title: '2. N+1: latency 100 ms, budget 1,666/10 s, 5,000 changed conversations with their parts',
    runs: [
      {
        label: 'n-plus-1',
        scale: 1,
        counts: { conversations: 5000 },
        latencyMs: 100,
        budget: 1666,
        streams: ['conversations', 'conversation_parts'],
      },
    ],
    check: ([r]) => {
      const s = stream(r, 'conversation_parts');
      const secs = s?.seconds ?? Infinity;
      return [
        completed(r ? [r] : []),
        { target: 'conversation_parts done in <= 40 s', measured: `${fmt(secs, 1)} s (${fmt(r?.totals.requests ?? 0)} requests)`, ok: secs <= 40 },
        { target: '> 85% of the budget used', measured: `${fmt(used(r) * 100, 1)}% (full windows; ${fmt((r?.budgetUsed ?? 0) * 100, 1)}% by rate)`, ok: used(r) > 0.85 },
        { target: 'zero 429s', measured: fmt(r?.totals.rateLimited ?? -1), ok: r?.totals.rateLimited === 0 },
      ];
    },
  },
  {
    name: 'paging',
    title: '3. Sequential paging: latency 100 ms, 300,000 contacts, parallel windows vs one cursor',
    runs: [
      { label: 'paging-parallel', scale: 1, counts: { contacts: 300_000 }, latencyMs: 100, budget: 1666, streams: ['contacts'] },
      { label: 'paging-one-cursor', scale: 1, counts: { contacts: 300_000 }, latencyMs: 100, budget: 1666, streams: ['contacts'], config: { search_parallelism: 1 } },
    ],
    check: ([par, one]) => {
      const a = stream(par, 'contacts')?.recordsPerSecond ?? 0;
      const b = stream(one, 'contacts')?.recordsPerSecond ?? 0;
      const ratio = b > 0 ? a / b : 0;
      const bookmark = (r: RunResult | undefined): unknown =>
        (r?.lastState as { bookmarks?: Record<string, { updated_at?: unknown }> } | undefined)?.bookmarks?.['contacts']?.updated_at;
      return [
        completed([par, one].flatMap((r) => (r ? [r] : []))),
        { target: 'both runs: 300,000 records', measured: `${fmt(stream(par, 'contacts')?.records ?? 0)} / ${fmt(stream(one, 'contacts')?.records ?? 0)}`, ok: stream(par, 'contacts')?.records === 300_000 && stream(one, 'contacts')?.records === 300_000 },
        { target: '>= 5x the records/s of one cursor', measured: `${fmt(a)} vs ${fmt(b)} records/s = ${fmt(ratio, 1)}x`, ok: ratio >= 5 },
        { target: 'same final bookmark', measured: `${String(bookmark(par))} / ${String(bookmark(one))}`, ok: bookmark(par) !== undefined && bookmark(par) === bookmark(one) },
      ];
    },
  },
  {
    name: 'memory',
    title: '4. Memory: 100,000 and 1,000,000 contacts, and a slow consumer on stdout',
    runs: [
      { label: 'memory-100k', scale: 1, counts: { contacts: 100_000 }, latencyMs: 0, budget: 1e9, streams: ['contacts'] },
      { label: 'memory-1m', scale: 1, counts: { contacts: 1_000_000 }, latencyMs: 0, budget: 1e9, streams: ['contacts'] },
      // About 2,000 records/s of 3 kB: the sink, not the tap, sets the pace.
      { label: 'memory-slow-sink', scale: 1, counts: { contacts: 40_000 }, latencyMs: 0, budget: 1e9, streams: ['contacts'], sinkBytesPerSecond: 6 * MB },
    ],
    check: ([small, big, slow]) => {
      const p1 = small?.peakRssBytes ?? 0;
      const p2 = big?.peakRssBytes ?? Infinity;
      const p3 = slow?.peakRssBytes ?? Infinity;
      return [
        completed([small, big, slow].flatMap((r) => (r ? [r] : []))),
        { target: 'peak RSS <= 200 MB at 1,000,000 contacts', measured: `${fmt(p2 / MB, 1)} MB`, ok: p2 <= 200 * MB },
        { target: 'within 1.25x of the peak at 100,000', measured: `${fmt(p2 / MB, 1)} / ${fmt(p1 / MB, 1)} MB = ${fmt(p2 / p1, 2)}x`, ok: p2 <= 1.25 * p1 },
        { target: 'slow sink: memory flat (<= 1.25x of the 100,000 peak)', measured: `${fmt(p3 / MB, 1)} MB at ${fmt(stream(slow, 'contacts')?.recordsPerSecond ?? 0)} records/s`, ok: p3 <= 1.25 * p1 },
      ];
    },
  },
  {
    name: 'discipline',
    title: '5. Discipline: budget 166/10 s alone, then with another client spending half of it',
    runs: [
      { label: 'discipline-alone', scale: 1, counts: { conversations: 1000 }, latencyMs: 20, budget: 166, streams: ['conversations', 'conversation_parts'] },
      { label: 'discipline-shared', scale: 1, counts: { conversations: 500 }, latencyMs: 20, budget: 166, otherClientPer10s: 83, streams: ['conversations', 'conversation_parts'] },
    ],
    check: ([alone, shared]) => {
      const sharedRate = shared ? shared.totals.rateLimited / Math.max(1, shared.totals.requests) : 1;
      // The other client leaves half of each window: that half is the tap's budget.
      const sharedUse = used(shared) * 2;
      return [
        completed([alone, shared].flatMap((r) => (r ? [r] : []))),
        { target: 'alone: zero 429s', measured: fmt(alone?.totals.rateLimited ?? -1), ok: alone?.totals.rateLimited === 0 },
        { target: 'alone: >= 90% of the budget used', measured: `${fmt(used(alone) * 100, 1)}% in full windows (${(alone?.requestsPerWindow ?? []).join(', ')})`, ok: used(alone) >= 0.9 },
        { target: 'shared: 429s <= 1% of requests', measured: `${fmt(shared?.totals.rateLimited ?? 0)} of ${fmt(shared?.totals.requests ?? 0)} (${fmt(sharedRate * 100, 2)}%); ${fmt(sharedUse * 100, 1)}% of the half left`, ok: sharedRate <= 0.01 },
      ];
    },
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
