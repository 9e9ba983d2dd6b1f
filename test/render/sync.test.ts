/**
 * Whole syncs with pages parsed and rendered on workers give exactly the records of syncs that do
 * everything on the main thread (render_workers 0), for the readers that offload their pages
 * (contacts, conversations) with their children selected too.
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { pagesParsedOnWorkers, runTap, type TapRun } from '../helpers/run-tap';

jest.setTimeout(120_000);

let fake: FakeIntercom;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 5, scale: 1, rateLimitPer10s: 100000 });
});

afterAll(async () => {
  await fake.close();
});

/** RECORD messages without time_extracted (the moment differs), sorted. */
function records(run: TapRun): string[] {
  return run.messages
    .filter((m) => m.type === 'RECORD')
    .map((m) => JSON.stringify({ ...m, time_extracted: undefined }))
    .sort();
}

function finalState(run: TapRun): unknown {
  return [...run.messages].reverse().find((m) => m.type === 'STATE');
}

describe.each([
  ['contacts with children', ['contacts', 'contact_tags', 'contact_companies', 'notes']],
  ['conversations with parts', ['conversations', 'conversation_parts']],
])('%s', (_name, streams) => {
  it('emits the same records and final state with pages parsed on workers as without', async () => {
    const before = pagesParsedOnWorkers();
    const onWorkers = await runTap(fake, { streams, config: { rate_limit_per_10s: 100000 } });
    const parsed = pagesParsedOnWorkers() - before;
    const here = await runTap(fake, { streams, config: { rate_limit_per_10s: 100000, render_workers: 0 } });
    expect(onWorkers.error).toBeUndefined();
    expect(here.error).toBeUndefined();
    expect(parsed).toBeGreaterThan(0);
    expect(pagesParsedOnWorkers() - before).toBe(parsed); // render_workers 0: none
    const a = records(onWorkers);
    expect(a.length).toBeGreaterThan(1000);
    expect(a).toEqual(records(here));
    expect(finalState(onWorkers)).toEqual(finalState(here));
  });
});
