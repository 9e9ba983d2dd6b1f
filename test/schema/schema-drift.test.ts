/**
 * Schema drift is seen, not lost: a top-level field Intercom sends that the stream's schema lacks gives one
 * `schema_drift` warning per stream and field per run (whether the page was rendered on a render worker
 * or on the engine's thread), named in the summary. Without drift, a sync of every stream on 2.11 and
 * 2.16 warns of none: the fake sends only fields our schemas have.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { pagesParsedOnWorkers, runTap, type TapRun } from '../helpers/run-tap';
import { renderSummary } from '../../src/progress/summary';
import { STREAMS } from '../../src/streams/registry';

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 11, scale: 0.02 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => fake.setFaults({}));

const drift = (run: TapRun): string[] => (run.summary?.warnings ?? []).filter((w) => w.code === 'schema_drift').map((w) => w.message.split(':')[0] as string);

describe.each(['2.11', '2.16'])('Intercom-Version %s', (version) => {
  it('a sync of every stream sees no drift: every field the fake sends is in a schema', async () => {
    const run = await runTap(fake, { streams: STREAMS.map((s) => s.name), config: { api_version: version } });
    expect(run.error).toBeUndefined();
    expect(drift(run)).toEqual([]);
    expect(run.records('contacts').length).toBeGreaterThan(0);
  });
});

describe.each([
  ['render workers', {}, true],
  ['the engine thread', { render_workers: 0 }, false],
])('a field the schema lacks, rendered on %s', (_where, config, onWorkers) => {
  it('warns once per stream and field, names them in the summary, and leaves the field out', async () => {
    fake.setFaults({ extraField: { name: 'brand_new_field', value: { nested: 1 } } });
    const pagesBefore = pagesParsedOnWorkers();
    const run = await runTap(fake, { streams: ['contacts', 'tags', 'admins', 'notes'], config: { ...config, page_size: 5 } });
    expect(run.error).toBeUndefined();
    expect(pagesParsedOnWorkers() - pagesBefore > 3).toBe(onWorkers);
    expect(run.records('contacts').length).toBeGreaterThanOrEqual(20); // several pages, each with the field
    expect(drift(run).sort()).toEqual(['admins.brand_new_field', 'contacts.brand_new_field', 'notes.brand_new_field', 'tags.brand_new_field']);
    for (const stream of ['contacts', 'tags', 'admins', 'notes']) {
      expect(run.records(stream).some((r) => 'brand_new_field' in r)).toBe(false);
    }
    expect(run.logs.filter((l) => l.includes('"code":"schema_drift"'))).toHaveLength(4);
    const summary = renderSummary({ records: run.summary?.records ?? {}, warnings: run.summary?.warnings ?? [], http: { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0, waitedWallMs: 0 }, seconds: 1 });
    const line = summary.find((l) => l.startsWith('warning: fields Intercom sent that the schema does not have'));
    expect(line).toBeDefined();
    for (const name of ['contacts.brand_new_field', 'tags.brand_new_field', 'admins.brand_new_field', 'notes.brand_new_field']) expect(line).toContain(name);
  });

  it('each new field is its own warning; a second run warns again', async () => {
    fake.setFaults({ extraField: { name: 'other_field', routes: ['GET /tags'] } });
    const first = await runTap(fake, { streams: ['tags', 'admins'], config });
    const second = await runTap(fake, { streams: ['tags', 'admins'], config });
    expect(drift(first)).toEqual(['tags.other_field']);
    expect(drift(second)).toEqual(['tags.other_field']);
  });
});
