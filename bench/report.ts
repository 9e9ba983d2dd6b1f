/** The benchmark's text table: per stream records, requests, seconds, records/s, requests/s, 429s; peak RSS. */
import type { RunResult } from './run-sync';
import type { Check } from './scenarios';

const MB = 1024 * 1024;

function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length))) ?? [];
  return cells
    .map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '))
    .join('\n');
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function describeSpec(r: RunResult): string {
  const s = r.spec;
  const counts = Object.entries(s.counts ?? {}).map(([k, v]) => `${k} ${n(v)}`).join(', ');
  const parts = [
    counts !== '' ? counts : `scale ${s.scale}`,
    `latency ${s.latencyMs} ms`,
    s.budget >= 1e8 ? 'no budget' : `budget ${n(s.budget)}/10 s`,
  ];
  if (s.otherClientPer10s) parts.push(`another client ${n(s.otherClientPer10s)}/10 s`);
  if (s.sinkBytesPerSecond !== undefined) parts.push(`sink ${n(s.sinkBytesPerSecond / MB, 1)} MB/s`);
  if (s.config && Object.keys(s.config).length > 0) parts.push(Object.entries(s.config).map(([k, v]) => `${k}=${String(v)}`).join(' '));
  return parts.join('; ');
}

export function formatRun(r: RunResult): string {
  const rows: string[][] = [['stream', 'records', 'requests', 'seconds', 'records/s', 'requests/s', '429s']];
  for (const [name, s] of Object.entries(r.streams)) {
    rows.push([name, n(s.records), n(s.requests), n(s.seconds, 1), n(s.recordsPerSecond), n(s.requestsPerSecond, 1), '']);
  }
  const t = r.totals;
  rows.push(['total', n(t.records), n(t.requests), n(r.seconds, 1), n(t.recordsPerSecond), n(t.requestsPerSecond, 1), n(t.rateLimited)]);
  const lines = [
    `== ${r.label}: ${describeSpec(r)}`,
    pad(rows),
    `peak RSS ${n(r.peakRssBytes / MB, 1)} MB; tap CPU ${n(r.tapCpuSeconds, 1)} s (${n((r.tapCpuSeconds * 1e6) / Math.max(1, t.records), 0)} µs/record); fake CPU ${n(r.fakeCpuSeconds, 1)} s; budget used ${n(r.budgetUsed * 100, 1)}%${r.fullWindowBudgetUsed !== undefined ? ` (${n(r.fullWindowBudgetUsed * 100, 1)}% in full windows)` : ''}; peak concurrent requests ${r.peakConcurrent}; exit ${String(r.exitCode)}`,
  ];
  if (r.requestsPerWindow.length > 1 && r.spec.budget < 1e8) lines.push(`requests per 10 s window: ${r.requestsPerWindow.join(', ')}`);
  if (r.stderrTail !== '') lines.push(`tap stderr (tail):\n${r.stderrTail}`);
  return lines.join('\n');
}

export function formatChecks(title: string, checks: Check[]): string {
  return [`-- ${title}`, ...checks.map((c) => `  [${c.ok ? 'ok' : 'MISS'}] ${c.target}: ${c.measured}`)].join('\n');
}
