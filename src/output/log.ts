import type { LogFields, Logger, LogLevel } from './logger';
import { createRedactor } from './redact';

export interface LoggerOptions {
  /** stderr (never stdout: it carries Singer messages). */
  stream: NodeJS.WritableStream;
  format: 'text' | 'json';
  level: LogLevel;
  /** Values replaced by [REDACTED] in every line, in every form (src/output/redact.ts): the access token, a Redis password. */
  secrets: readonly string[];
  /** Clock for the time stamp. Default: the system clock. */
  now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** JSON log keys the logger owns; fields with these names are renamed. `type` would make Meltano read the line as a Singer message. */
const RESERVED = new Set(['level', 'message', 'time', 'type']);

function plain(value: unknown): unknown {
  if (value instanceof Error) return value.message;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function textValue(value: unknown): string {
  const v = plain(value);
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (v === undefined) return 'undefined';
  return JSON.stringify(v) ?? String(v);
}

function renamed(key: string): string {
  return key === 'type' ? 'kind' : `field_${key}`;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createLogger(options: LoggerOptions): Logger {
  const { stream, format, secrets } = options;
  const now = options.now ?? (() => new Date());
  const min = ORDER[options.level];
  const redact = createRedactor(secrets);
  const emit = (line: string): void => {
    stream.write(`${redact(line.replace(/\r?\n/g, '\\n'))}\n`);
  };

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return;
    const entries = Object.entries(fields ?? {}).filter(([, v]) => v !== undefined);
    if (format === 'json') {
      const obj: Record<string, unknown> = { level, message, time: now().toISOString() };
      for (const [k, v] of entries) obj[RESERVED.has(k) ? renamed(k) : k] = plain(v);
      emit(JSON.stringify(obj));
    } else {
      const tail = entries.map(([k, v]) => ` ${k}=${textValue(v)}`).join('');
      emit(`${stamp(now())} ${level.toUpperCase()} ${message}${tail}`);
    }
  };

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    metric(type, metric, value, tags) {
      if (ORDER.info < min) return;
      const point = { type, metric, value, tags };
      if (format === 'json') {
        // The Meltano SDK's structured form: the Singer metric point nested under metric_info.
        emit(JSON.stringify({ level: 'info', message: 'METRIC', time: now().toISOString(), metric_info: point }));
      } else {
        // Exactly as singer-python prints metrics.
        emit(`INFO METRIC: ${JSON.stringify(point)}`);
      }
    },
  };
}
