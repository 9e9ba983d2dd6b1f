import type { ClientStats } from '../http/types';
import { formatCount, formatDuration } from './format';
import type { StreamStatus } from './tracker';

export interface SummaryInput {
  /** Records per stream, in the order to show. */
  records: Record<string, number>;
  status?: Record<string, StreamStatus>;
  warnings: ReadonlyArray<{ code: string; message: string }>;
  http: Pick<ClientStats, 'requests' | 'retries' | 'rateLimited' | 'waitedMs' | 'waitedWallMs'>;
  seconds: number;
  /** The run ended with an error, or a stream failed. */
  failed?: boolean;
  /** The run was stopped by a signal. */
  interrupted?: boolean;
}

/** How warning codes are named in the summary; others are shown by their code. */
const WARNING_LABELS: Record<string, string> = {
  parts_over_cap: 'conversations with more parts than Intercom returns (500)',
  conversation_skipped: 'conversations skipped',
  stream_unavailable: 'streams unavailable in this workspace (skipped)',
  record_without_key: 'records not emitted (no key or no time in the replication key)',
  contact_gone: 'contacts gone before their children were read',
  company_not_found: 'companies gone before their contacts were read',
  contact_not_found: 'contact_ids not found',
  companies_scroll_restarted: 'companies scroll restarts',
  schema_drift: 'fields Intercom sent that the schema does not have (left out of the records)',
};

/** Codes whose summary line names every warning's subject (the message's text before the first colon), not one example. */
const NAME_ALL = new Set(['schema_drift']);
const NAMED_MAX = 20;

/** The warnings grouped by code: a label, how many, and the first message as an example. */
export function groupWarnings(warnings: ReadonlyArray<{ code: string; message: string }>): Array<{ code: string; label: string; count: number; example: string }> {
  const groups = new Map<string, { code: string; label: string; count: number; example: string }>();
  for (const w of warnings) {
    const g = groups.get(w.code);
    if (g) g.count++;
    else groups.set(w.code, { code: w.code, label: WARNING_LABELS[w.code] ?? w.code, count: 1, example: w.message });
  }
  return [...groups.values()];
}

/**
 * The end-of-run summary as text lines for stderr. No line is bare JSON (Meltano's log parsing
 * reads JSON lines as messages), every line starts with a word.
 */
export function renderSummary(input: SummaryInput): string[] {
  const names = Object.keys(input.records);
  const nameWidth = Math.max(6, ...names.map((n) => n.length));
  const total = names.reduce((sum, n) => sum + (input.records[n] ?? 0), 0);
  const countWidth = Math.max(7, formatCount(total).length);
  const lines = [`sync ${input.interrupted ? 'interrupted' : input.failed ? 'stopped' : 'finished'} in ${formatDuration(input.seconds * 1000)}: ${formatCount(total)} records`];
  lines.push(`  ${'stream'.padEnd(nameWidth)}  ${'records'.padStart(countWidth)}`);
  for (const name of names) {
    const status = input.status?.[name];
    const note = status === 'pending' ? '  not started' : status && status !== 'done' && status !== 'running' ? `  ${status}` : '';
    lines.push(`  ${name.padEnd(nameWidth)}  ${formatCount(input.records[name] ?? 0).padStart(countWidth)}${note}`);
  }
  const { requests, retries, rateLimited } = input.http;
  const wait = budgetWait(input.http);
  lines.push(
    `requests: ${formatCount(requests)}, retries: ${formatCount(retries)}, rate limited (429): ${formatCount(rateLimited)}, ` +
      `waited for the rate budget: ${wait.seconds.toFixed(1)} s of the run (${wait.meanSeconds.toFixed(2)} s per request on average)`,
  );
  const groups = groupWarnings(input.warnings);
  if (groups.length === 0) lines.push('warnings: none');
  for (const g of groups) {
    if (NAME_ALL.has(g.code)) {
      const names = input.warnings.filter((w) => w.code === g.code).map((w) => w.message.split(':')[0] as string);
      const more = names.length > NAMED_MAX ? `, and ${formatCount(names.length - NAMED_MAX)} more` : '';
      lines.push(`warning: ${g.label}: ${formatCount(g.count)} (${names.slice(0, NAMED_MAX).join(', ')}${more})`);
    } else lines.push(`warning: ${g.label}: ${formatCount(g.count)} (e.g. ${g.example})`);
  }
  return lines;
}

/**
 * The time the run spent waiting for the rate budget: the wall-clock time with at least one request
 * waiting (not the sum over requests, which overlap), and the mean wait of one request.
 */
function budgetWait(http: SummaryInput['http']): { seconds: number; meanSeconds: number } {
  return { seconds: http.waitedWallMs / 1000, meanSeconds: http.requests > 0 ? http.waitedMs / http.requests / 1000 : 0 };
}

/** The same summary as fields of one structured log line (log_format json). */
export function summaryFields(input: SummaryInput): Record<string, unknown> {
  return {
    records: input.records,
    total_records: Object.values(input.records).reduce((a, b) => a + b, 0),
    requests: input.http.requests,
    retries: input.http.retries,
    rate_limited: input.http.rateLimited,
    waited_seconds: Math.round(input.http.waitedWallMs) / 1000,
    mean_wait_seconds: Math.round(budgetWait(input.http).meanSeconds * 1000) / 1000,
    warnings: Object.fromEntries(groupWarnings(input.warnings).map((g) => [g.code, g.count])),
    seconds: input.seconds,
    ...(input.failed ? { failed: true } : {}),
    ...(input.interrupted ? { interrupted: true } : {}),
    ...notDone(input.status),
  };
}

/** The streams that did not end `done` (unavailable, failed, interrupted), by stream. */
function notDone(status: SummaryInput['status']): { outcomes?: Record<string, string> } {
  const entries = Object.entries(status ?? {}).filter(([, s]) => s !== 'done' && s !== 'running');
  return entries.length > 0 ? { outcomes: Object.fromEntries(entries) } : {};
}
