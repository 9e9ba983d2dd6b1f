import { createProgressDisplay, isInteractive } from '../../src/progress/display';
import { FakeTty, recordingTimers } from './fake-tty';

const ESC = '\x1b[';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function setup(live: boolean, columns = 100) {
  const stream = new FakeTty(live, columns);
  let t = T0;
  const timers = recordingTimers();
  const display = createProgressDisplay({ stream, live, now: () => t, timers });
  return { stream, display, timers, advance: (ms: number) => (t += ms), now: () => t };
}

describe('live display on a terminal', () => {
  it('draws one line per stream with records, rate, total, percentage and ETA', () => {
    const { stream, display, timers, advance } = setup(true);
    display.start();
    expect(timers.intervals).toEqual([250]); // at most 4 redraws per second
    const { tracker } = display;
    tracker.streamStarted('admins');
    tracker.streamStarted('contacts');
    tracker.total('contacts', 1000);
    tracker.records('admins', 12);
    tracker.streamFinished('admins', 'done');
    advance(10_000);
    tracker.records('contacts', 250);
    display.tick();
    const out = stream.take();
    expect(out).not.toContain(ESC); // first frame: nothing to erase yet
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^tap-intercom 0:10 .*1\/2 streams done.*262 records/);
    expect(lines[1]).toMatch(/admins\s+12\s+done$/);
    // 250 of 1,000 in 10 s: 25/s, 750 left → 30 s.
    expect(lines[2]).toMatch(/contacts\s+250 \/ 1,000\s+25%\s+25\/s\s+ETA 0:30$/);
  });

  it('redraws in place (cursor up + clear) only when something changed or a second passed', () => {
    const { stream, display, advance } = setup(true);
    display.tracker.streamStarted('tags');
    display.tick();
    stream.take();
    display.tick(); // same second, no change
    expect(stream.take()).toBe('');
    display.tracker.records('tags', 5);
    display.tick();
    const out = stream.take();
    expect(out.startsWith(`\r${ESC}2A${ESC}J`)).toBe(true);
    expect(out).toContain('tags');
    advance(1000);
    display.tick();
    expect(stream.take()).toContain(`${ESC}2A`);
  });

  it('shows a wait for the rate limit as such, and a pending retry with its reason', () => {
    const { stream, display, now } = setup(true);
    const { tracker } = display;
    tracker.streamStarted('contacts');
    tracker.streamStarted('conversations');
    tracker.clientEvent({ kind: 'rate-limit-wait', stream: 'contacts', untilMs: now() + 2500 });
    tracker.clientEvent({ kind: 'retry', stream: 'conversations', attempt: 1, delayMs: 4000, reason: 'HTTP 503' });
    display.tick();
    const out = stream.take();
    expect(out).toMatch(/contacts .*waiting for the rate limit \(3 s\)/);
    expect(out).toMatch(/conversations .*retrying in 4 s \(HTTP 503\)/);
    expect(out).toMatch(/ 1 retry$/m);
  });

  it('counts the selected streams from the start, gives child streams no total, never 0 / 0, and says 1 warning', () => {
    const { stream, display } = setup(true);
    const { tracker } = display;
    tracker.plan([{ name: 'tags' }, { name: 'contacts' }, { name: 'contact_segments', parent: 'contacts' }, { name: 'conversations' }]);
    tracker.streamStarted('tags');
    tracker.total('tags', 0);
    tracker.streamFinished('tags', 'done');
    tracker.streamStarted('contacts');
    tracker.streamStarted('contact_segments');
    // The engine reports the parent's total to its children: a child cannot know its own.
    tracker.total('contacts', 3000);
    tracker.total('contact_segments', 3000);
    tracker.records('contact_segments', 6983);
    tracker.warning('parts_over_cap', 'conversation 5 has 620 parts');
    display.tick();
    const lines = stream.take().split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^tap-intercom 0:00 {2}1\/4 streams done {2}6,983 records {2}1 warning$/);
    expect(lines.slice(1).map((l) => l.trim().split(/\s{2,}/).slice(0, 2))).toEqual([
      ['tags', '0'],
      ['contacts', '0 / 3,000'],
      ['contact_segments', '6,983'],
    ]);
    expect(lines.join('\n')).not.toMatch(/0 \/ 0|warnings/);
  });

  it('writes log lines above the block and restores it; drops per-request METRIC lines', () => {
    const { stream, display } = setup(true);
    display.tracker.streamStarted('admins');
    display.tick();
    const frame = stream.take();
    display.output.write('INFO METRIC: {"type":"timer","metric":"http_request_duration","value":0.1,"tags":{}}\n');
    expect(stream.take()).toBe('');
    display.output.write('2026-01-01T12:00:00Z WARN something happened\n');
    const out = stream.take();
    expect(out).toBe(`\r${ESC}2A${ESC}J2026-01-01T12:00:00Z WARN something happened\n${frame}`);
  });

  it('cuts lines to the terminal width so that they never wrap', () => {
    const { stream, display } = setup(true, 30);
    display.tracker.streamStarted('a_very_long_stream_name_indeed');
    display.tracker.total('a_very_long_stream_name_indeed', 100000);
    display.tick();
    for (const line of stream.take().split('\n')) expect(line.length).toBeLessThan(30);
  });

  it('stop() erases the block and stops the timer; later ticks draw nothing', () => {
    const { stream, display, timers, advance } = setup(true);
    display.start();
    display.tracker.streamStarted('teams');
    display.tick();
    stream.take();
    display.stop();
    expect(timers.cleared).toBe(1);
    expect(stream.take()).toBe(`\r${ESC}2A${ESC}J`);
    advance(5000);
    display.tick();
    display.output.write('after\n');
    expect(stream.take()).toBe('after\n');
  });
});

describe('off a terminal', () => {
  it('writes one plain line per period (30 s), never ANSI, and lets METRIC lines through', () => {
    const { stream, display, timers, advance } = setup(false);
    display.start();
    expect(timers.intervals).toEqual([30_000]);
    display.tick(); // no stream yet: nothing to say
    expect(stream.take()).toBe('');
    const { tracker } = display;
    tracker.streamStarted('contacts');
    tracker.total('contacts', 400);
    tracker.streamStarted('admins');
    tracker.records('admins', 12);
    tracker.streamFinished('admins', 'done');
    advance(30_000);
    tracker.records('contacts', 300);
    tracker.clientEvent({ kind: 'rate-limit-wait', stream: 'contacts', untilMs: T0 + 35_000 });
    display.tick();
    const out = stream.take();
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(out).toMatch(/^2026-01-01T12:00:30Z INFO progress 0:30: 312 records \| running: contacts 300\/400 \(75%, 10\/s, ETA 0:10, waiting for the rate limit \(5 s\)\) \| finished: admins 12\n$/);
    display.output.write('INFO METRIC: {"type":"timer"}\n');
    expect(stream.take()).toBe('INFO METRIC: {"type":"timer"}\n');
    display.stop();
    expect(stream.text).not.toContain('\x1b');
  });

  it('writes the periodic line as a JSON object without a type key when logs are JSON', () => {
    const stream = new FakeTty(false);
    const display = createProgressDisplay({ stream, live: false, format: 'json', now: () => T0, timers: recordingTimers() });
    display.tracker.streamStarted('tags');
    display.tick();
    const parsed = JSON.parse(stream.text) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 'info' });
    expect(parsed.message).toMatch(/^progress 0:00: 0 records \| running: tags 0$/);
    expect(parsed).not.toHaveProperty('type');
  });
});

describe('isInteractive', () => {
  it('is true only for a TTY whose TERM understands cursor movement', () => {
    expect(isInteractive({ isTTY: true }, {})).toBe(true);
    expect(isInteractive({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ isTTY: false }, {})).toBe(false);
    expect(isInteractive({}, {})).toBe(false);
  });
});
