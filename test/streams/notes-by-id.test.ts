import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { runTap } from '../helpers/run-tap';

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 2, scale: 0.05, rateLimitPer10s: 100000 });
});
afterAll(async () => {
  await fake.close();
});

describe('note_ids', () => {
  it('fetches exactly the named notes, without searching contacts, and warns on a missing one', async () => {
    const truth = fake.groundTruth('notes').slice(0, 3);
    const ids = [...truth.map((n) => n.id), '999999999'];
    fake.resetStats();
    const run = await runTap(fake, { streams: ['notes'], config: { note_ids: ids } });
    expect(run.error).toBeUndefined();
    const notes = run.records('notes');
    expect(notes.map((n) => String(n['id'])).sort()).toEqual(truth.map((n) => n.id).sort());
    for (const note of notes) expect(note['contact_id']).toBe(truth.find((t) => t.id === String(note['id']))?.parent_id);
    expect(run.summary?.warnings.map((w) => w.code)).toContain('note_not_found');
    const routes = Object.keys(fake.stats().byRoute);
    expect(routes.some((r) => r.includes('/contacts/search'))).toBe(false);
  });
});
