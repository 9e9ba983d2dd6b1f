/**
 * Two tap processes (the built CLI), syncing different streams of one workspace, share one rate budget
 * through Redis (`rate_limit_redis_url`, bottleneck clustering): against a fake Intercom allowing 40
 * requests per 10-second window they need ~2 windows together and get zero 429s, and each stream is
 * complete. Alone, each would start with the whole configured budget and together overspend the first
 * window. Needs redis-server on the PATH (CI installs it); skipped with a message otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { CLI, ROOT } from '../../bench/run-sync';
import { countingSink, type SinkResult } from '../../bench/sink';
import { redisServerPath, startRedis } from '../helpers/redis-server';

interface CatalogEntry {
  tap_stream_id: string;
  metadata: Array<{ breadcrumb: string[]; metadata: Record<string, unknown> }>;
}

/** The committed default catalog with exactly `streams` selected. */
function catalogSelecting(streams: readonly string[]): unknown {
  const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog', 'catalog.json'), 'utf8')) as { streams: CatalogEntry[] };
  for (const entry of catalog.streams) {
    for (const m of entry.metadata) if (m.breadcrumb.length === 0) m.metadata['selected'] = streams.includes(entry.tap_stream_id);
  }
  return catalog;
}

function runTap(dir: string, name: string, config: Record<string, unknown>, streams: string[]): Promise<{ code: number | null; sink: SinkResult; stderr: string }> {
  const configFile = join(dir, `${name}-config.json`);
  const catalogFile = join(dir, `${name}-catalog.json`);
  writeFileSync(configFile, JSON.stringify(config));
  writeFileSync(catalogFile, JSON.stringify(catalogSelecting(streams)));
  const child = spawn(process.execPath, [CLI, 'sync', '--config', configFile, '--catalog', catalogFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const sink = countingSink(child.stdout);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      sink.then((result) => resolve({ code, sink: result, stderr }), reject);
    });
  });
}

const binary = redisServerPath();
if (binary === undefined) {
  // eslint-disable-next-line no-console
  console.warn('redis-server not found on PATH: skipping the shared-budget test of two tap processes (apt-get install redis-server)');
}
const describeWithRedis = binary === undefined ? describe.skip : describe;

describeWithRedis('two tap processes share one budget through Redis', () => {
  let redis: { url: string; process: ChildProcess } | undefined;
  let fake: FakeIntercom | undefined;

  beforeAll(() => {
    if (!existsSync(CLI)) {
      spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    }
    if (!existsSync(CLI)) throw new Error('build did not produce dist/cli.js');
  });

  afterAll(async () => {
    await fake?.close();
    if (redis !== undefined) {
      const exited = new Promise((resolve) => redis?.process.once('exit', resolve));
      redis.process.kill('SIGTERM');
      await exited;
    }
  });

  it('contacts in one process, conversations and parts in the other: zero 429s, every record', async () => {
    redis = await startRedis(binary ?? 'redis-server');
    const budget = 40;
    fake = await startFakeIntercom({ counts: { contacts: 3000, conversations: 40 }, rateLimitPer10s: budget, latencyMs: 20 });
    const dir = mkdtempSync(join(tmpdir(), 'tap-intercom-redis-'));
    const config = {
      access_token: fake.token,
      base_url: fake.url,
      start_date: '2020-01-01T00:00:00Z',
      rate_limit_redis_url: redis.url,
      // The budget each process assumes before the first rate headers: shared, it is spent once.
      rate_limit_per_10s: budget,
      max_concurrency: 8,
      log_level: 'warn',
    };
    const [a, b] = await Promise.all([
      runTap(dir, 'a', config, ['contacts']),
      runTap(dir, 'b', config, ['conversations', 'conversation_parts']),
    ]);
    expect({ code: a.code, stderr: a.code === 0 ? '' : a.stderr }).toEqual({ code: 0, stderr: '' });
    expect({ code: b.code, stderr: b.code === 0 ? '' : b.stderr }).toEqual({ code: 0, stderr: '' });
    const stats = fake.stats();
    // More requests than one window allows: the processes had to share and wait, not just fit.
    expect(stats.totalRequests).toBeGreaterThan(budget);
    expect(stats.rateLimited).toBe(0);
    expect(a.sink.records['contacts']).toBe(fake.groundTruth('contacts').length);
    expect(b.sink.records['conversations']).toBe(fake.groundTruth('conversations').length);
    expect(b.sink.records['conversation_parts']).toBe(fake.groundTruth('conversation_parts').length);
  }, 90_000);
});
