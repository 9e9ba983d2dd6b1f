/** Logger contract. Implementations write to stderr only and redact secrets. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A Singer metric line: `METRIC: {"type":"counter","metric":"record_count","value":N,"tags":{...}}`. */
  metric(type: 'counter' | 'timer', metric: string, value: number, tags: Record<string, unknown>): void;
}
