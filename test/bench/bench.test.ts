/**
 * The benchmark runs (at a tiny scale: speed targets are not tested here, see README "Performance"):
 * the built tap syncs from the fake into the counting sink, the figures match the fake's ground truth,
 * and `bench.ts --json` prints them as JSON.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLI, ROOT, runSync } from '../../bench/run-sync';
import { countingSink } from '../../bench/sink';

beforeAll(() => {
  // npm ci builds dist/ (prepare); build it here only when missing, so parallel suites never rewrite it.
  if (!existsSync(CLI)) {
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
  }
  if (!existsSync(CLI)) throw new Error('build did not produce dist/cli.js');
});

describe('counting sink', () => {
  it('counts RECORD lines per stream across chunk boundaries and keeps the last STATE', async () => {
    const input = new PassThrough();
    const done = countingSink(input);
    const lines = [
      '{"type":"SCHEMA","stream":"contacts","schema":{},"key_properties":["id"]}',
      '{"type":"RECORD","stream":"contacts","record":{"id":"1","name":"Zoë 🎉"},"time_extracted":"2026-01-01T00:00:00.000Z"}',
      '{"type":"RECORD","stream":"contacts","record":{"id":"2"},"time_extracted":"2026-01-01T00:00:00.000Z"}',
      '{"type":"STATE","value":{"bookmarks":{"contacts":{"updated_at":"x"}}}}',
      '{"type":"RECORD","stream":"conversation_parts","record":{"id":"9"},"time_extracted":"2026-01-01T00:00:00.000Z"}',
      '{"type":"STATE","value":{"bookmarks":{"contacts":{"updated_at":"y"}},"currently_syncing":null}}',
    ];
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    // Cut everywhere: inside the prefix, inside a multi-byte character, at newlines.
    for (let at = 0; at < bytes.length; at += 7) input.write(bytes.subarray(at, Math.min(bytes.length, at + 7)));
    input.end();
    const result = await done;
    expect(result.records).toEqual({ contacts: 2, conversation_parts: 1 });
    expect(result.states).toBe(2);
    expect(result.lastState).toEqual({ bookmarks: { contacts: { updated_at: 'y' } }, currently_syncing: null });
    expect(result.bytes).toBe(bytes.length);
  });
});

describe('benchmark run (tiny scale)', () => {
  it('syncs the built tap into the sink: records equal the ground truth, requests counted per stream, RSS sampled', async () => {
    let truth: Record<string, number> = {};
    const result = await runSync(
      { label: 'smoke', scale: 1, counts: { contacts: 400, conversations: 40 }, latencyMs: 0, budget: 1666, streams: ['contacts', 'conversations', 'conversation_parts'] },
      { onFake: (fake) => (truth = Object.fromEntries(['contacts', 'conversations', 'conversation_parts'].map((s) => [s, fake.groundTruth(s).length]))) },
    );
    expect(result.exitCode).toBe(0);
    expect(truth['contacts']).toBe(400);
    for (const stream of ['contacts', 'conversations', 'conversation_parts']) {
      expect(result.streams[stream]?.records).toBe(truth[stream]);
      expect(result.streams[stream]?.seconds).toBeGreaterThan(0);
    }
    // One detail request per conversation: the N+1 pattern the parts stream is measured on.
    expect(result.streams['conversation_parts']?.requests).toBe(40);
    expect(result.streams['contacts']?.requests).toBeGreaterThanOrEqual(3);
    expect(result.totals.rateLimited).toBe(0);
    expect(result.peakRssBytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(result.tapCpuSeconds).toBeGreaterThan(0);
    const state = result.lastState as { bookmarks: Record<string, unknown>; currently_syncing: unknown };
    expect(state.currently_syncing).toBeNull();
    expect(Object.keys(state.bookmarks)).toEqual(expect.arrayContaining(['contacts', 'conversations']));
  });

  it('bench.ts --json prints the run as JSON', async () => {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'bench.ts'), '--contacts', '150', '--streams', 'contacts', '--json'], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const reports = JSON.parse(out.stdout) as Array<{ scenario: string; runs: Array<{ streams: Record<string, { records: number }>; peakRssBytes: number }> }>;
    expect(reports).toHaveLength(1);
    expect(reports[0]?.scenario).toBe('custom');
    expect(reports[0]?.runs[0]?.streams['contacts']?.records).toBe(150);
  });
});
