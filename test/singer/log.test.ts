import { Writable } from 'node:stream';
import { createLogger } from '../../src/output/log';
import { REDACTED } from '../../src/output/redact';

const TOKEN = 'tok"en-123';
function sink(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, lines: () => text.split('\n').filter((l) => l !== '') };
}
const now = (): Date => new Date('2026-11-21T10:00:00.123Z');

describe('createLogger', () => {
  it('writes text lines with fields and filters by level', () => {
    const s = sink();
    const log = createLogger({ stream: s.stream, format: 'text', level: 'info', secrets: [TOKEN], now });
    log.debug('hidden');
    log.info('page read', { stream: 'contacts', count: 3, note: 'two words' });
    log.warn('careful');
    expect(s.lines()).toEqual([
      '2026-11-21T10:00:00Z INFO page read stream=contacts count=3 note="two words"',
      '2026-11-21T10:00:00Z WARN careful',
    ]);
  });

  it('prints metrics exactly as singer-python does in text mode', () => {
    const s = sink();
    const log = createLogger({ stream: s.stream, format: 'text', level: 'info', secrets: [], now });
    log.metric('timer', 'http_request_duration', 0.12, { endpoint: 'contacts', http_status_code: 200 });
    expect(s.lines()).toEqual([
      'INFO METRIC: {"type":"timer","metric":"http_request_duration","value":0.12,"tags":{"endpoint":"contacts","http_status_code":200}}',
    ]);
  });

  it('writes JSON objects without a top-level type key', () => {
    const s = sink();
    const log = createLogger({ stream: s.stream, format: 'json', level: 'debug', secrets: [], now });
    log.error('failed', { type: 'SCHEMA', err: new Error('boom') });
    log.metric('counter', 'record_count', 5, { endpoint: 'x' });
    const [line, metric] = s.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toEqual({ level: 'error', message: 'failed', time: '2026-11-21T10:00:00.123Z', kind: 'SCHEMA', err: 'boom' });
    expect(metric).not.toHaveProperty('type');
    expect(metric).toMatchObject({ level: 'info', message: 'METRIC', metric_info: { type: 'counter', metric: 'record_count', value: 5, tags: { endpoint: 'x' } } });
  });

  it('redacts secrets in both formats, also when JSON escapes them', () => {
    for (const format of ['text', 'json'] as const) {
      const s = sink();
      const log = createLogger({ stream: s.stream, format, level: 'info', secrets: [TOKEN], now });
      log.info(`header Bearer ${TOKEN}`, { auth: TOKEN, nested: { t: TOKEN } });
      const out = s.lines().join('\n');
      expect(out).not.toContain('tok');
      expect(out).toContain(REDACTED);
    }
  });

  it('keeps one line per entry even for multi-line messages', () => {
    const s = sink();
    createLogger({ stream: s.stream, format: 'text', level: 'info', secrets: [], now }).info('a\nb');
    expect(s.lines()).toHaveLength(1);
  });
});
