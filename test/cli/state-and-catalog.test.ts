/**
 * State and catalog files as users bring them (issue 14): a whole STATE message as the state, a
 * catalog of another tap, bookmarks after the end of the run. The CLI in process against the fake.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import type { Catalog } from '../../src/singer/types';
import { configFile, discoverCatalog, FAST_CONFIG, jsonFile, runCliInProcess } from '../faults/harness';

let fake: FakeIntercom;
let catalog: Catalog;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 61, counts: { contacts: 5, companies: 3, conversations: 2 } });
  catalog = await discoverCatalog(fake, ['tags', 'segments']);
});

afterAll(async () => {
  await fake?.close();
});

const warnings = (lines: readonly string[]): string[] => lines.filter((l) => /\bWARN\b/.test(l));

it('a state file holding a whole STATE message is read as its value (the next STATE does not nest it)', async () => {
  const config = configFile(fake, FAST_CONFIG);
  const first = await runCliInProcess(['--config', config, '--catalog', jsonFile(catalog)]);
  expect(first.code).toBe(0);
  const last = first.stdout.trimEnd().split('\n').pop() as string;
  expect(JSON.parse(last)).toMatchObject({ type: 'STATE' });
  const segments = first.state?.bookmarks['segments'];
  expect(segments?.['updated_at']).toEqual(expect.any(String));

  const second = await runCliInProcess(['--config', config, '--catalog', jsonFile(catalog), '--state', jsonFile(last)]);
  expect(second.code).toBe(0);
  expect(second.state).toEqual(first.state);
  expect(second.state).not.toHaveProperty('type');
  expect(second.state).not.toHaveProperty('value');
  // Resumed: the incremental stream reads only what is at or after its bookmark, not everything again.
  const count = (run: typeof first, stream: string): number => run.messages.filter((m) => m.type === 'RECORD' && m.stream === stream).length;
  expect(count(second, 'segments')).toBeLessThan(count(first, 'segments'));
  expect(count(second, 'tags')).toBe(count(first, 'tags'));
});

it('a catalog with streams of another tap, not selected: the known streams sync, with one warning', async () => {
  const foreign = { tap_stream_id: 'admin_list', stream: 'admin_list', schema: { type: 'object', properties: {} }, metadata: [{ breadcrumb: [], metadata: { 'selected-by-default': false } }] };
  const file = jsonFile({ streams: [foreign, ...catalog.streams] });
  const run = await runCliInProcess(['--config', configFile(fake, FAST_CONFIG), '--catalog', file]);
  expect(run.code).toBe(0);
  expect(warnings(run.errorLines)).toEqual([expect.stringMatching(/WARN catalog .*: stream admin_list \(not selected\) is not a stream of this tap: ignored$/)]);
  expect(run.messages.some((m) => m.type === 'RECORD' && m.stream === 'tags')).toBe(true);
});

it('a bookmark after end_date: a warning that the stream reads nothing', async () => {
  const state = jsonFile({ bookmarks: { segments: { updated_at: '2030-01-01T00:00:00Z' } } });
  const run = await runCliInProcess(['--config', configFile(fake, { ...FAST_CONFIG, end_date: '2029-01-01' }), '--catalog', jsonFile(catalog), '--state', state]);
  expect(run.code).toBe(0);
  expect(warnings(run.errorLines)).toEqual([
    expect.stringMatching(/WARN state .*: bookmarks\.segments\.updated_at 2030-01-01T00:00:00Z is after end_date 2029-01-01T00:00:00Z: segments will read nothing$/),
  ]);
  expect(run.messages.some((m) => m.type === 'RECORD' && m.stream === 'segments')).toBe(false);
});
