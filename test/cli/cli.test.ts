import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { runNode, type ProcessRun } from '../helpers/spawn';
import { STREAMS } from '../../src/streams/registry';
import { buildDefaultCatalog } from '../../src/tap/discover';
import type { Catalog } from '../../src/singer/types';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const TOKEN = 'demo-token';
const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-cli-'));
let n = 0;

/** Runs the built CLI without blocking the event loop (the fake server lives in this process). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return runNode([cli, ...args], { cwd: dir, env });
}

function file(content: unknown): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** stderr lines other than the client's metric lines. */
function logLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !l.startsWith('INFO METRIC: '));
}

function expectNoToken(r: ProcessRun): void {
  expect(r.stdout).not.toContain(TOKEN);
  expect(r.stderr).not.toContain(TOKEN);
}

let fake: FakeIntercom;
let config: string;

beforeAll(async () => {
  // The CLI is tested as shipped: build dist/ (type errors elsewhere do not stop tsc from emitting).
  spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  if (!existsSync(cli)) throw new Error('build did not produce dist/cli.js');
  fake = await startFakeIntercom({ token: TOKEN });
  config = file({ access_token: TOKEN, base_url: fake.url, start_date: '2020-01-01' });
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

describe('informational flags', () => {
  it('--help prints usage on stdout', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stderr).toBe('');
  });

  it('--version prints name and version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tap-intercom \d+\.\d+\.\d+\n$/);
  });

  it('--about --format json has the Meltano SDK keys and needs no config', async () => {
    const r = await run(['--about', '--format', 'json']);
    expect(r.code).toBe(0);
    const about = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(about).sort()).toEqual(
      ['capabilities', 'description', 'name', 'sdk_version', 'settings', 'supported_python_versions', 'version'].sort(),
    );
    expect(about).toMatchObject({ name: 'tap-intercom', sdk_version: null, supported_python_versions: null });
    expect(about.capabilities).toEqual(['catalog', 'discover', 'state', 'about', 'test']);
    expect((about.settings as { properties: Record<string, { secret?: boolean }> }).properties.access_token?.secret).toBe(true);
  });

  it("--about works after Meltano's extra flags, even with files that do not exist", async () => {
    const r = await run(['--config', join(dir, 'none.json'), '--catalog', 'nope', '--state', 'nope', '--about', '--format=json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }).name).toBe('tap-intercom');
  });

  it('--about text and markdown list settings with their env var names', async () => {
    const text = await run(['--about']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('TAP_INTERCOM_ACCESS_TOKEN');
    expect(text.stdout).toContain('Capabilities: catalog, discover, state, about, test');
    const md = await run(['--about', '--format=markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| page_size |');
    expect(md.stdout).toContain('`TAP_INTERCOM_PAGE_SIZE`');
  });
});

describe('discover and connection test against the fake Intercom', () => {
  it('--discover prints the catalog with typed custom attributes', async () => {
    for (const args of [['--config', config, '--discover'], ['discover', '--config', config], ['--config', config, '--discover', '--state', join(dir, 'absent.json')]]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expectNoToken(r);
      const catalog = JSON.parse(r.stdout) as Catalog;
      expect(catalog.streams.map((s) => s.tap_stream_id)).toEqual(STREAMS.map((s) => s.name));
      const contacts = catalog.streams.find((s) => s.tap_stream_id === 'contacts');
      const staticContacts = buildDefaultCatalog().streams.find((s) => s.tap_stream_id === 'contacts');
      const custom = (c: typeof contacts): number => Object.keys(c?.schema.properties?.custom_attributes?.properties ?? {}).length;
      expect(custom(contacts)).toBeGreaterThan(custom(staticContacts));
    }
  });

  it('--config ENV works', async () => {
    const r = await run(['--config', 'ENV', '--discover'], {
      TAP_INTERCOM_ACCESS_TOKEN: TOKEN,
      TAP_INTERCOM_BASE_URL: fake.url,
      TAP_INTERCOM_START_DATE: '2020-01-01',
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Catalog).streams.length).toBe(STREAMS.length);
  });

  it('--test checks the token with one request', async () => {
    const ok = await run(['--config', config, '--test']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^connection ok: .+$/m);
    expect(ok.stdout).toBe('');
    const bad = await run(['--config', file({ access_token: 'wrong-token', base_url: fake.url, max_retries: 0 }), '--test']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(logLines(bad.stderr)).toEqual([expect.stringMatching(/ ERROR authentication failed/)]);
    expect(bad.stderr).not.toContain('wrong-token');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails discovery with one clear line when the API is unreachable', async () => {
    const r = await run(['--config', file({ access_token: TOKEN, base_url: 'http://127.0.0.1:1', max_retries: 0 }), '--discover']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(logLines(r.stderr)).toEqual([expect.stringMatching(/ ERROR .*ECONNREFUSED/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectNoToken(r);
  });

  it("syncs a selected stream with Meltano's argument order", async () => {
    const catalog = buildDefaultCatalog();
    for (const entry of catalog.streams) {
      const md = entry.metadata.find((m) => m.breadcrumb.length === 0);
      if (md) md.metadata.selected = entry.tap_stream_id === 'admins';
    }
    const r = await run(['--config', config, '--catalog', file(catalog), '--state', file({ bookmarks: {} })]);
    expect(r.code).toBe(0);
    expectNoToken(r);
    const messages = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; stream?: string });
    expect(messages.some((m) => m.type === 'SCHEMA' && m.stream === 'admins')).toBe(true);
    expect(messages.some((m) => m.type === 'RECORD' && m.stream === 'admins')).toBe(true);
    expect(messages.every((m) => m.stream === undefined || m.stream === 'admins')).toBe(true);
    expect(messages[messages.length - 1]?.type).toBe('STATE');
  });
});

describe('signals', () => {
  it('SIGTERM stops the sync: exit 143, stdout ends with a STATE', async () => {
    const slow = await startFakeIntercom({ token: TOKEN, latencyMs: 200 });
    try {
      const catalog = buildDefaultCatalog();
      for (const entry of catalog.streams) {
        const md = entry.metadata.find((m) => m.breadcrumb.length === 0);
        if (md) md.metadata.selected = entry.tap_stream_id === 'contacts';
      }
      const cfg = file({ access_token: TOKEN, base_url: slow.url, start_date: '2020-01-01', page_size: 10 });
      const child = spawn(process.execPath, [cli, '--config', cfg, '--catalog', file(catalog)], { env: { PATH: process.env.PATH } });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          const first = stdout === '';
          stdout += d.toString();
          if (first) child.kill('SIGTERM');
        });
        child.on('close', resolve);
      });
      expect(code).toBe(143);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
      expect(lines[lines.length - 1]?.type).toBe('STATE');
      expect(stderr).toMatch(/received SIGTERM/);
      expect(stderr).not.toContain(TOKEN);
    } finally {
      await slow.close();
    }
  });
});

describe('bad input: exit 2, one stderr line, nothing on stdout', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['no --config', () => ['sync'], /^--config FILE is required/],
    ['an unknown flag', () => ['--config', config, '--bogus'], /bogus/],
    ['an unexpected argument', () => ['--config', config, 'extract'], /unexpected argument "extract"/],
    ['sync with --discover', () => ['sync', '--config', config, '--discover'], /cannot be combined/],
    ['--catalog with --properties', () => ['--config', config, '--catalog', 'a', '--properties', 'b'], /same option/],
    ['a bad --about format', () => ['--about', '--format', 'yaml'], /--format: must be text, json or markdown/],
    ['a missing config file', () => ['--config', join(dir, 'missing.json'), '--discover'], /^config .*missing\.json: file not found$/],
    ['a config that is not JSON', () => ['--config', file(`{"access_token": "${TOKEN}",`), '--discover'], /^config .*: not valid JSON/],
    ['a config with bad values', () => ['--config', file({ access_token: TOKEN, page_size: 999, start_date: 'x' }), '--discover'],
      /^config .*: start_date: must be an RFC 3339 date-time or YYYY-MM-DD date; page_size: must be <= 150$/],
    ['a config with a non-string token', () => ['--config', file({ access_token: 12345 }), '--test'], /access_token: must be a string/],
    ['plain http to a remote host', () => ['--config', file({ access_token: TOKEN, base_url: 'http://example.com' }), '--test'], /base_url: plain http/],
    ['a missing catalog', () => ['--config', config, '--catalog', join(dir, 'nocat.json')], /^catalog .*nocat\.json: file not found$/],
    ['a catalog that is not JSON', () => ['--config', config, '--properties', file('nope')], /^catalog .*: not valid JSON/],
    ['a catalog selecting an unknown stream', () => ['--config', config, '--catalog', file({ streams: [{ tap_stream_id: 'admin_list', schema: {}, metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] })],
      /^catalog .*: streams\[0\] \(admin_list\)\.tap_stream_id: unknown stream "admin_list" is selected \(closest stream of this tap: admins\)$/],
    ['a missing state', () => ['--config', config, '--state', join(dir, 'nostate.json')], /^state .*nostate\.json: file not found$/],
    ['a state with a bad date', () => ['sync', '--config', config, '--state', file({ bookmarks: { contacts: { updated_at: 'soon' } } })],
      /^state .*: bookmarks\.contacts\.updated_at: must be an RFC 3339 date-time or YYYY-MM-DD date$/],
  ];

  it.concurrent.each(cases)('%s', async (_name, args, pattern) => {
    const r = await run(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expectNoToken(r);
  });
});
