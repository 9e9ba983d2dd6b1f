import { fit, formatCount, formatDuration, formatRate, formatWait } from './format';
import type { ProgressSnapshot, StreamProgress } from './tracker';

/** Records per second since the stream started (to its end when finished). */
export function streamRate(s: StreamProgress, nowMs: number): number {
  const seconds = ((s.finishedMs ?? nowMs) - s.startedMs) / 1000;
  return seconds > 0 ? s.records / seconds : 0;
}

/** Milliseconds left at the current rate, when Intercom reported a total and records are flowing. */
export function streamEtaMs(s: StreamProgress, nowMs: number): number | undefined {
  if (s.total === undefined || s.status !== 'running') return undefined;
  const rate = streamRate(s, nowMs);
  if (rate <= 0) return undefined;
  return (Math.max(0, s.total - s.records) / rate) * 1000;
}

/** What a stream is doing now, in words: a wait for the rate limit is shown as such. */
export function streamActivity(s: StreamProgress, nowMs: number): string {
  if (s.status !== 'running') return s.status;
  if (s.rateLimitedUntilMs !== undefined && s.rateLimitedUntilMs > nowMs) {
    return `waiting for the rate limit (${formatWait(s.rateLimitedUntilMs - nowMs)})`;
  }
  if (s.retryUntilMs !== undefined && s.retryUntilMs > nowMs) {
    return `retrying in ${formatWait(s.retryUntilMs - nowMs)}${s.retryReason ? ` (${s.retryReason})` : ''}`;
  }
  return '';
}

/** Records, and the total when there is one worth showing (never `0 / 0`). */
function counted(s: StreamProgress): string {
  if (s.total === undefined || s.total <= 0) return formatCount(s.records);
  return `${formatCount(s.records)} / ${formatCount(s.total)}`;
}

/** "1 warning", "2 warnings". */
function counting(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Streams that started (pending ones are counted in the header only). */
function started(snap: ProgressSnapshot): StreamProgress[] {
  return snap.streams.filter((s) => s.status !== 'pending');
}

function percent(s: StreamProgress): string | undefined {
  if (s.total === undefined || s.total <= 0) return undefined;
  return `${Math.min(100, Math.floor((s.records / s.total) * 100))}%`;
}

/** The lines of the live display (TTY): a header, then one line per stream. */
export function renderLive(snap: ProgressSnapshot, nowMs: number, width: number): string[] {
  const done = snap.streams.filter((s) => s.status !== 'running' && s.status !== 'pending').length;
  const records = snap.streams.reduce((sum, s) => sum + s.records, 0);
  const header = [
    `tap-intercom ${formatDuration(nowMs - snap.startedMs)}`,
    `${done}/${snap.streams.length} streams done`,
    counting(records, 'record', 'records'),
    snap.retries > 0 ? counting(snap.retries, 'retry', 'retries') : '',
    snap.warnings.length > 0 ? counting(snap.warnings.length, 'warning', 'warnings') : '',
  ].filter((p) => p !== '');
  const shown = started(snap);
  const nameWidth = Math.min(26, Math.max(6, ...shown.map((s) => s.name.length)));
  const countWidth = Math.max(8, ...shown.map((s) => counted(s).length));
  const lines = shown.map((s) => {
    const parts = [`  ${s.name.padEnd(nameWidth)}`, counted(s).padStart(countWidth)];
    const pct = percent(s);
    if (pct) parts.push(pct.padStart(4));
    if (s.status === 'running' && s.records > 0) parts.push(formatRate(streamRate(s, nowMs)));
    const eta = streamEtaMs(s, nowMs);
    if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
    const activity = streamActivity(s, nowMs);
    if (activity) parts.push(activity);
    return fit(parts.join('  '), width);
  });
  return [fit(header.join('  '), width), ...lines];
}

/** One line for logs off a TTY: running streams with counts, totals and ETA; finished streams briefly. */
export function renderLine(snap: ProgressSnapshot, nowMs: number): string {
  const running = snap.streams.filter((s) => s.status === 'running');
  const finished = snap.streams.filter((s) => s.status !== 'running' && s.status !== 'pending');
  const records = snap.streams.reduce((sum, s) => sum + s.records, 0);
  const describe = (s: StreamProgress): string => {
    const extras = [percent(s), s.records > 0 ? formatRate(streamRate(s, nowMs)) : undefined];
    const eta = streamEtaMs(s, nowMs);
    if (eta !== undefined) extras.push(`ETA ${formatDuration(eta)}`);
    const activity = streamActivity(s, nowMs);
    if (activity) extras.push(activity);
    const shown = extras.filter((e): e is string => e !== undefined);
    return `${s.name} ${counted(s).replace(' / ', '/')}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`;
  };
  const parts = [
    `progress ${formatDuration(nowMs - snap.startedMs)}: ${counting(records, 'record', 'records')}`,
    running.length > 0 ? `running: ${running.map(describe).join('; ')}` : '',
    finished.length > 0 ? `finished: ${finished.map((s) => `${s.name} ${formatCount(s.records)}${s.status === 'done' ? '' : ` ${s.status}`}`).join(', ')}` : '',
  ].filter((p) => p !== '');
  return parts.join(' | ');
}
