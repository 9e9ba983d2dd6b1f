/** Small formatters shared by the live display, the periodic line and the end summary. */

const NUMBER = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return NUMBER.format(Math.round(n));
}

/** 42_000 → "0:42", 3_723_000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Records per second, as shown: "1,234/s", "0.5/s". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 10) return `${formatCount(perSecond)}/s`;
  return `${perSecond.toFixed(1)}/s`;
}

/** Seconds left, rounded up: "3 s". */
export function formatWait(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} s`;
}

/** Cuts a line to the terminal width so that it never wraps (wrapping breaks cursor-up redraws). */
export function fit(line: string, width: number): string {
  if (width <= 1 || line.length < width) return line;
  return `${line.slice(0, Math.max(0, width - 2))}…`;
}
