/**
 * Two processes share one rate budget through Redis (bottleneck clustering): against a server allowing
 * 12 requests per 1-second window, together they never get a 429. Needs redis-server on the PATH
 * (CI installs it); skipped with a message otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ClientStats } from '../../src/http/types';
import { rateBudget, startTestServer, type TestServer } from '../helpers/test-server';
import { redisServerPath, startRedis } from '../helpers/redis-server';

function runChild(args: string[]): Promise<ClientStats> {
  const script = path.resolve(__dirname, '..', 'helpers', 'limiter-child.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim()) as ClientStats);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

const binary = redisServerPath();
if (binary === undefined) {
  // eslint-disable-next-line no-console
  console.warn('redis-server not found on PATH: skipping the clustered limiter test (apt-get install redis-server)');
}
const describeWithRedis = binary === undefined ? describe.skip : describe;

describeWithRedis('clustered limiter (Redis)', () => {
  let redis: { url: string; process: ChildProcess } | undefined;
  let server: TestServer | undefined;

  afterAll(async () => {
    await server?.close();
    if (redis !== undefined) {
      const exited = new Promise((resolve) => redis?.process.once('exit', resolve));
      redis.process.kill('SIGTERM');
      await exited;
    }
  });

  it('two processes share one budget: zero 429s', async () => {
    redis = await startRedis(binary ?? 'redis-server');
    const budget = rateBudget(12);
    server = await startTestServer(() => {
      const window = budget.take();
      return window.exceeded ? { status: 429, headers: window.headers } : { status: 200, headers: window.headers, delayMs: 5 };
    });
    const args = [server.url, redis.url, '24', '4', '12'];
    const [a, b] = await Promise.all([runChild(args), runChild(args)]);
    expect(server.requests.length).toBe(48);
    expect(budget.tooMany()).toBe(0);
    expect((a?.rateLimited ?? -1) + (b?.rateLimited ?? -1)).toBe(0);
  });
});
