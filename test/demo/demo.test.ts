import { spawnSync } from 'node:child_process';
import { runNode, type ProcessRun } from '../helpers/spawn';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const out = join(mkdtempSync(join(tmpdir(), 'tap-intercom-demo-')), 'demo');

interface DemoSummary {
  replication: Record<string, string>;
  changed: Record<string, string[]>;
  run1: { counts: Record<string, number> };
  run2: { counts: Record<string, number>; ids: Record<string, string[]> };
}

let result: ProcessRun;
let summary: DemoSummary;

function lines(stream: string, dir = out): Array<Record<string, unknown>> {
  const file = join(dir, `${stream}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  // The demo runs the built CLI: build it as shipped (as the CLI tests do).
  spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  result = await runNode([join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/demo.ts', '--scale', '0.03', '--out', out], { cwd: root });
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as DemoSummary;
}, 120_000); // about 15 s alone; generous for a loaded CI machine

describe('npm run demo (tiny scale)', () => {
  it('runs end to end without a token or network and prints run 1 against run 2', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('== run 1 vs run 2 (records per stream) ==');
    expect(result.stderr).toMatch(/sync finished in \d+:\d\d/); // the tap's summary passes through
    expect(result.stdout).not.toContain('demo-token');
  });

  it('writes one JSONL file per stream (one record per line, as target-jsonl does) and the last STATE', () => {
    const files = readdirSync(out).filter((f) => f.endsWith('.jsonl'));
    for (const stream of ['admins', 'teams', 'tags', 'segments']) expect(files).toContain(`${stream}.jsonl`);
    const admins = lines('admins');
    expect(admins.length).toBe((summary.run1.counts.admins ?? 0) + (summary.run2.counts.admins ?? 0));
    for (const record of admins) expect(record).toHaveProperty('id');
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { bookmarks: Record<string, Record<string, unknown>> };
    expect(state.bookmarks.segments).toHaveProperty('updated_at');
  });

  it('full-table streams come whole in both runs', () => {
    for (const stream of ['admins', 'tags']) {
      expect(summary.replication[stream]).toBe('FULL_TABLE');
      expect(summary.run1.counts[stream]).toBeGreaterThan(0);
      expect(summary.run2.counts[stream]).toBe(summary.run1.counts[stream]);
      expect(lines(stream, join(out, 'run-2'))).toHaveLength(summary.run1.counts[stream] ?? -1);
    }
  });

  it.each(['segments', 'contacts', 'companies', 'conversations'])('%s: run 2 sends the changed records and at most the one bookmark second again', (stream) => {
    const run1 = summary.run1.counts[stream] ?? 0;
    expect(run1).toBeGreaterThan(0);
    const changed = summary.changed[stream] ?? [];
    expect(changed.length).toBeGreaterThan(0);
    const run2 = summary.run2.ids[stream] ?? [];
    // Every changed record came through, once.
    for (const id of changed) expect(run2.filter((x) => x === id)).toHaveLength(1);
    // Besides them, only records at exactly the run-1 bookmark (resumes are inclusive): a handful, never the whole stream.
    const others = run2.filter((id) => !changed.includes(id));
    expect(others.length).toBeLessThanOrEqual(3);
    expect(run2.length).toBeLessThan(run1);
    expect(lines(stream, join(out, 'run-2')).map((r) => String(r.id))).toEqual(run2);
  });

  it('explains every row of the run-2 table the same way for its kind of stream', () => {
    const table = result.stdout.split('== run 1 vs run 2 (records per stream) ==\n')[1]?.split('\n\n')[0] ?? '';
    const rows = table.split('\n').slice(1);
    expect(rows.length).toBe(Object.keys(summary.replication).length);
    for (const row of rows) {
      const [stream, , run2] = row.split(/\s{2,}/);
      const explained = row.replace(/^\S+\s+(full table|incremental)\s+\d+\s+\d+\s+/, '');
      if (summary.replication[stream ?? ''] === 'FULL_TABLE') expect({ stream, explained }).toEqual({ stream, explained: 'all records again' });
      else expect({ stream, explained }).toEqual({ stream, explained: expect.stringMatching(/^(\d+ changed \+ \d+ at the bookmark's second|the children of the \d+ \w+ of run 2)$/) });
      expect(run2).toBeDefined();
    }
  });
});
