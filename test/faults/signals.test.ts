/**
 * Stopping cleanly, with the built CLI as a child process: SIGTERM or SIGINT stops starting work, writes
 * the STATE of finished work and exits 143 or 130 ("interrupted", not "failed") within two seconds, even with a request in flight that
 * never answers or a long rate-limit wait pending; and a target that exits early (EPIPE) stops the tap
 * promptly with a clear message and a non-zero exit.
 */
import { spawn } from 'node:child_process';
import { startFakeIntercom, type FakeIntercom, type FaultConfig } from '../fake-intercom';
import type { SingerMessage, TapState } from '../../src/singer/types';
import { builtCli, completeLines, spawnTap } from './built-cli';
import { configFile, discoverCatalog, jsonFile, SECRET, TokenScan } from './harness';
import { recordKey, truthKeys } from './stream-kinds';

const STREAMS = ['tags', 'admins', 'segments', 'contacts', 'conversations'];
const COUNTS = { contacts: 120, companies: 20, conversations: 20, tickets: 5 };
const scan = new TokenScan();
let cli: string;

beforeAll(async () => {
  cli = await builtCli();
}, 180_000);


async function withFake<T>(options: { latencyMs: number; faults?: FaultConfig }, body: (fake: FakeIntercom, catalog: string) => Promise<T>): Promise<T> {
  const fake = await startFakeIntercom({ seed: 31, counts: COUNTS, token: SECRET, latencyMs: options.latencyMs });
  try {
    const catalog = jsonFile(await discoverCatalog(fake, STREAMS));
    if (options.faults) fake.setFaults(options.faults);
    return await body(fake, catalog);
  } finally {
    await fake.close();
  }
}

const messagesOf = (stdout: string): SingerMessage[] => completeLines(stdout).map((l) => JSON.parse(l) as SingerMessage);

const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

describe.each(['SIGTERM', 'SIGINT'] as const)('%s', (signal) => {
  it(`during a slow sync: exit ${EXIT[signal]} within 2 s, reported as interrupted (not failed), stdout ends with a STATE, and a resume from it completes the ground truth`, async () => {
    await withFake({ latencyMs: 150 }, async (fake, catalog) => {
      const config = configFile(fake, { start_date: '2024-01-01T00:00:00Z', page_size: 10, rate_limit_per_10s: 100000 });
      let signalledAt = 0;
      let records = 0;
      const run = await spawnTap(cli, ['--config', config, '--catalog', catalog], {
        onStdout: (chunk, child) => {
          records += (chunk.match(/"type":"RECORD"/g) ?? []).length;
          if (signalledAt === 0 && records >= 20) {
            signalledAt = Date.now();
            child.kill(signal);
          }
        },
      });
      scan.add(`${signal} slow`, `${run.stdout}\n${run.stderr}`);
      expect(signalledAt).toBeGreaterThan(0);
      expect(run.code).toBe(EXIT[signal]);
      expect(Date.now() - signalledAt).toBeLessThan(2000);
      expect(run.stderr).toContain(`received ${signal}`);
      expect(run.stderr).toMatch(/^sync interrupted in /m);
      expect(run.stderr).toMatch(/INFO sync \w+: interrupted/);
      expect(run.stderr).not.toMatch(/\bfailed\b|\bERROR\b/);
      expect(run.stdout.endsWith('\n')).toBe(true);
      const messages = messagesOf(run.stdout);
      const last = messages[messages.length - 1];
      expect(last?.type).toBe('STATE');
      // Resume from that state: nothing lost.
      const state = (last as { value: TapState }).value;
      const resumed = await spawnTap(cli, ['--config', config, '--catalog', catalog, '--state', jsonFile(state)]);
      scan.add(`${signal} resume`, `${resumed.stdout}\n${resumed.stderr}`);
      expect(resumed.code).toBe(0);
      for (const stream of STREAMS) {
        const got = new Set([...messages, ...messagesOf(resumed.stdout)].flatMap((m) => (m.type === 'RECORD' && m.stream === stream ? [recordKey(stream, m.record)] : [])));
        expect({ stream, missing: truthKeys(fake, stream).filter((k) => !got.has(k)).length }).toEqual({ stream, missing: 0 });
      }
    });
  });
});

it('SIGTERM with a request in flight that never answers (request_timeout 120 s): exit 143 within 2 s with a final STATE', async () => {
  await withFake({ latencyMs: 0, faults: { routes: ['GET /tags', 'GET /admins'], hangRate: 1 } }, async (fake, catalog) => {
    const config = configFile(fake, { request_timeout: 120, rate_limit_per_10s: 100000 });
    const { run: running, signal } = started(['--config', config, '--catalog', catalog]);
    // Wait until it sent the hanging requests (its signal handlers are set by then), however loaded the machine.
    await until(() => (fake.stats().byRoute['GET /tags'] ?? 0) > 0 && (fake.stats().byRoute['GET /admins'] ?? 0) > 0);
    const signalledAt = Date.now();
    signal('SIGTERM');
    const run = await running;
    scan.add('SIGTERM hang', `${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(2000);
    const messages = messagesOf(run.stdout);
    expect(messages[messages.length - 1]?.type).toBe('STATE');
  });
});

it('SIGTERM during a long retry wait (429 with a reset far ahead): exit 143 within 2 s', async () => {
  await withFake({ latencyMs: 0, faults: { failNext: [{ kind: 'rate_limit', route: 'GET /tags', count: 50 }] } }, async (fake, catalog) => {
    const config = configFile(fake, { max_retries: 50, rate_limit_per_10s: 100000 });
    const { run: running, signal } = started(['--config', config, '--catalog', catalog]);
    await until(() => fake.stats().rateLimited > 0);
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    signal('SIGTERM');
    const run = await running;
    scan.add('SIGTERM 429 wait', `${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(2000);
    expect(run.stderr).toMatch(/429|rate/i);
  });
});

/** Resolves once `condition` holds (checked every 20 ms; 60 s at most). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the tap');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The built CLI started, with a way to signal it. */
function started(args: string[]): { run: ReturnType<typeof spawnTap>; signal: (s: NodeJS.Signals) => void } {
  let child: { kill(s: NodeJS.Signals): boolean } | undefined;
  const run = spawnTap(cli, args, { onSpawn: (c) => (child = c) });
  return { run, signal: (s) => void child?.kill(s) };
}

describe('a target that exits early (EPIPE)', () => {
  it('stops promptly with a clear message and exit 1, never hangs', async () => {
    await withFake({ latencyMs: 20 }, async (fake, catalog) => {
      const config = configFile(fake, { start_date: '2024-01-01T00:00:00Z', page_size: 10, rate_limit_per_10s: 100000 });
      // bash: the tap's stdout goes to `head -n 3`, which exits after three lines; PIPESTATUS has the tap's code.
      const script = `"${process.execPath}" "${cli}" --config "${config}" --catalog "${catalog}" 2>"${config}.err" | head -n 3 >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const started = Date.now();
      const out = await new Promise<string>((resolve, reject) => {
        const sh = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH } });
        let text = '';
        sh.stdout.on('data', (d: Buffer) => (text += d.toString()));
        sh.on('error', reject);
        sh.on('close', () => resolve(text));
      });
      const elapsed = Date.now() - started;
      const { readFileSync } = await import('node:fs');
      const stderr = readFileSync(`${config}.err`, 'utf8');
      scan.add('EPIPE', stderr);
      expect(out.trim()).toBe('1');
      expect(stderr).toMatch(/ERROR target closed stdout \(EPIPE\): stopping/);
      expect(stderr).not.toMatch(/\n\s+at /);
      // A whole sync at this latency takes several seconds; stopping must not wait for it.
      expect(elapsed).toBeLessThan(10_000);
    });
  });
});

/** The token check of every run above, as a test of its own (a leak fails it; an afterAll would not count). */
it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
