import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { FakeTty } from './fake-tty';

let fake: FakeIntercom;
let dir: string;

beforeAll(async () => {
  // Latency (600 ms a request) makes the run outlast a few redraw periods (250 ms) of the live display.
  fake = await startFakeIntercom({ scale: 0.05, latencyMs: 600 });
  dir = mkdtempSync(join(tmpdir(), 'tap-intercom-progress-'));
});
afterAll(async () => {
  await fake?.close();
});

async function sync(tty: boolean, extra: Record<string, unknown> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const config = join(dir, `config-${tty}-${Object.keys(extra).join('-')}.json`);
  writeFileSync(config, JSON.stringify({ access_token: fake.token, base_url: fake.url, start_date: '2020-01-01', ...extra }));
  const catalog = join(dir, 'catalog.json');
  const stdout = new FakeTty(false);
  const stderr = new FakeTty(tty, 120);
  const discover = new FakeTty(false);
  expect(await main(['--config', config, '--discover'], { stdout: discover, stderr: new FakeTty(false), env: {} })).toBe(0);
  const cat = JSON.parse(discover.text) as { streams: Array<{ tap_stream_id: string; metadata: Array<{ breadcrumb: string[]; metadata: Record<string, unknown> }> }> };
  for (const s of cat.streams) {
    const top = s.metadata.find((m) => m.breadcrumb.length === 0);
    if (top) top.metadata.selected = ['admins', 'teams', 'tags', 'segments'].includes(s.tap_stream_id);
  }
  writeFileSync(catalog, JSON.stringify(cat));
  const code = await main(['--config', config, '--catalog', catalog], { stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('progress in the CLI sync', () => {
  it('on a terminal: a live display on stderr, a summary at the end, stdout only Singer messages', async () => {
    const r = await sync(true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\x1b[');
    expect(r.stderr).toMatch(/tap-intercom \d+:\d\d/);
    expect(r.stderr).toMatch(/sync finished in \d+:\d\d: 54 records/); // 12 admins + 4 teams + 30 tags + 8 segments
    expect(r.stderr).toMatch(/^ {2}tags\s+30$/m);
    expect(r.stderr).toMatch(/^requests: \d+, retries: 0, rate limited \(429\): 0/m);
    expect(r.stderr).not.toContain('METRIC'); // per-request metrics stay off a terminal display
    for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
      expect(['SCHEMA', 'RECORD', 'STATE']).toContain((JSON.parse(line) as { type: string }).type);
    }
    expect(r.stdout).not.toContain('\x1b');
  });

  it('off a terminal: no ANSI at all, the Singer metric lines and the summary', async () => {
    const r = await sync(false);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('INFO METRIC: ');
    expect(r.stderr).toMatch(/sync finished in \d+:\d\d: 54 records/);
  });

  it('with JSON logs: the summary is one JSON object without a type key', async () => {
    const r = await sync(false, { log_format: 'json' });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    for (const line of lines) expect(JSON.parse(line)).not.toHaveProperty('type');
    const summary = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((o) => o.message === 'sync summary');
    expect(summary).toMatchObject({ total_records: 54, records: { admins: 12, teams: 4, tags: 30, segments: 8 } });
  });
});

describe('discover and --test on a terminal', () => {
  it.each([['--discover'], ['--test']])('%s keeps the METRIC lines off it, as sync does (and shows them off a terminal)', async (flag) => {
    const config = join(dir, 'config-metrics.json');
    writeFileSync(config, JSON.stringify({ access_token: fake.token, base_url: fake.url }));
    const onTty = new FakeTty(true, 120);
    expect(await main(['--config', config, flag], { stdout: new FakeTty(false), stderr: onTty, env: {} })).toBe(0);
    expect(onTty.text).not.toContain('METRIC');
    const offTty = new FakeTty(false);
    expect(await main(['--config', config, flag], { stdout: new FakeTty(false), stderr: offTty, env: {} })).toBe(0);
    expect(offTty.text).toContain('INFO METRIC: ');
  });
});
