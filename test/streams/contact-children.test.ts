import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { pagesParsedOnWorkers, runTap, type TapRun } from '../helpers/run-tap';
import type { SingerMessage } from '../../src/singer/types';
import { expectRecordsValid } from '../helpers/conformance';

/**
 * contact_tags, contact_companies, contact_segments, notes: complete (beyond the 10 a contact embeds), from
 * the embedded lists when they are complete and the sub-endpoints (with their pagination) when cut, only
 * for changed contacts on later runs; and contacts whose own embedded lists are completed.
 */
// Whole syncs over real HTTP: allow for a loaded machine (the default 5 s is too tight).
jest.setTimeout(60_000);

const SEEDS = [1, 7];
const CHILDREN = ['contact_tags', 'contact_companies', 'contact_segments', 'notes'];
const FAST = { rateLimitPer10s: 100000 };
const ROUTE: Record<string, string> = {
  contact_tags: 'GET /contacts/{id}/tags',
  contact_companies: 'GET /contacts/{id}/companies',
  contact_segments: 'GET /contacts/{id}/segments',
  notes: 'GET /contacts/{id}/notes',
};

const unix = (v: unknown): number => Math.floor(Date.parse(String(v)) / 1000);
const pairsOf = (messages: SingerMessage[], stream: string): string[] =>
  messages.flatMap((m) => (m.type === 'RECORD' && m.stream === stream ? [`${String(m.record['contact_id'])}/${String(m.record['id'])}`] : []));
const truthPairs = (fake: FakeIntercom, stream: string, parents?: Set<string>): Set<string> =>
  new Set(fake.groundTruth(stream).filter((r) => !parents || parents.has(r.parent_id ?? '')).map((r) => `${r.parent_id}/${r.id}`));

describe.each(SEEDS)('contact children, seed %i', (seed) => {
  let fake: FakeIntercom;
  let full: TapRun;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed, counts: { contacts: 60, companies: 15 }, ...FAST });
    full = await runTap(fake, { streams: ['contacts', ...CHILDREN], config: { page_size: 5 } });
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each(CHILDREN)('%s: exactly the ground truth (beyond 10 per contact), no duplicates, valid records', (stream) => {
    expect(full.error).toBeUndefined();
    const got = pairsOf(full.messages, stream);
    expect(got.length).toBe(new Set(got).size);
    expect(new Set(got)).toEqual(truthPairs(fake, stream));
    if (stream !== 'contact_segments') {
      const perContact = new Map<string, number>();
      for (const p of got) perContact.set(p.split('/')[0] as string, (perContact.get(p.split('/')[0] as string) ?? 0) + 1);
      expect(Math.max(...perContact.values())).toBeGreaterThan(10);
    }
    const schema = full.messages.find((m) => m.type === 'SCHEMA' && m.stream === stream);
    if (schema?.type !== 'SCHEMA') throw new Error('no schema');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema.schema);
    for (const r of full.records(stream)) expect(validate(r) ? null : validate.errors).toBeNull();
  });

  it('children follow the contacts bookmark', () => {
    const b = full.state.bookmarks['contacts']?.['updated_at'];
    expect(b).toBeDefined();
    for (const stream of CHILDREN) expect(full.state.bookmarks[stream]?.['updated_at']).toBe(b);
  });

  it('complete embedded lists need no request: only cut lists are fetched, once for the contact and its child', async () => {
    fake.resetStats();
    const run = await runTap(fake, { streams: ['contacts', ...CHILDREN], config: { page_size: 150 } });
    expect(run.error).toBeUndefined();
    const stats = fake.stats().byRoute;
    const perParent = (stream: string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of fake.groundTruth(stream)) m.set(r.parent_id ?? '', (m.get(r.parent_id ?? '') ?? 0) + 1);
      return m;
    };
    const cut = (stream: string): number => [...perParent(stream).values()].filter((n) => n > 10).length;
    expect(cut('contact_tags')).toBeGreaterThan(0);
    expect(stats[ROUTE['contact_tags'] as string]).toBe(cut('contact_tags'));
    expect(stats[ROUTE['contact_companies'] as string]).toBe(cut('contact_companies'));
    // Notes need the notes themselves: one request per contact with any note, shared with the completion.
    expect(stats[ROUTE['notes'] as string]).toBe(perParent('notes').size);
    expect(stats[ROUTE['contact_segments'] as string]).toBe(60);
    for (const stream of ['contact_tags', 'contact_companies']) {
      for (const r of run.records(stream)) expect(Object.keys(r).sort()).toEqual(['contact_id', 'id', 'type']);
    }
  });

  it('no contact record carries a cut list: tags, companies and notes are completed from the sub-endpoints (pages parsed on render workers)', async () => {
    fake.resetStats();
    const parsed = pagesParsedOnWorkers();
    const run = await runTap(fake, { streams: ['contacts'], config: { page_size: 150 } });
    expect(run.error).toBeUndefined();
    expect(pagesParsedOnWorkers()).toBeGreaterThan(parsed);
    const truth = (stream: string, contact: string): string[] => fake.groundTruth(stream).filter((r) => r.parent_id === contact).map((r) => r.id).sort();
    let cut = 0;
    for (const c of run.records('contacts')) {
      const id = String(c['id']);
      const tags = (c['tags'] as Array<{ id: string }>).map((t) => t.id).sort();
      const companies = (c['companies'] as Array<{ id: string }>).map((t) => t.id).sort();
      const notes = c['notes'] as { data: Array<{ id: string }>; total_count: number; has_more: boolean };
      expect(tags).toEqual(truth('contact_tags', id));
      expect(companies).toEqual(truth('contact_companies', id));
      expect(notes.data.map((n) => n.id).sort()).toEqual(truth('notes', id));
      expect([notes.total_count, notes.has_more]).toEqual([truth('notes', id).length, false]);
      if (tags.length > 10) cut += 1;
    }
    expect(cut).toBeGreaterThan(0);
    expectRecordsValid(run, 'contacts');
    // One request per cut list, nothing else.
    const stats = fake.stats().byRoute;
    expect(stats[ROUTE['contact_tags'] as string]).toBe(cut);
    expect(stats[ROUTE['contact_segments'] as string]).toBeUndefined();
  });

  it('children alone (contacts not selected) are complete too', async () => {
    const run = await runTap(fake, { streams: ['contact_tags', 'notes'], config: { page_size: 5 } });
    expect(run.records('contacts')).toHaveLength(0);
    expect(new Set(pairsOf(run.messages, 'contact_tags'))).toEqual(truthPairs(fake, 'contact_tags'));
    expect(new Set(pairsOf(run.messages, 'notes'))).toEqual(truthPairs(fake, 'notes'));
  });

  it('interrupted sync: resuming from a mid-run STATE completes every child stream', async () => {
    const k = full.messages.findIndex((m, i) => m.type === 'STATE' && m.value.bookmarks['contacts'] !== undefined && i > full.messages.length / 3);
    const mid = full.messages[k];
    if (mid?.type !== 'STATE') throw new Error('no mid-run state');
    const resumed = await runTap(fake, { streams: ['contacts', ...CHILDREN], state: mid.value, config: { page_size: 5 } });
    for (const stream of CHILDREN) {
      const union = new Set([...pairsOf(full.messages.slice(0, k), stream), ...pairsOf(resumed.messages, stream)]);
      expect(union).toEqual(truthPairs(fake, stream));
    }
  });
});

describe.each(SEEDS)('contact children on a second run, seed %i', (seed) => {
  it('reads the children of exactly the changed contacts (and the boundary second)', async () => {
    const fake = await startFakeIntercom({ seed, counts: { contacts: 60, companies: 15 }, ...FAST });
    try {
      const first = await runTap(fake, { streams: ['contacts', ...CHILDREN], fields: 'automatic', config: { page_size: 5 } });
      const b1 = unix(first.state.bookmarks['contacts']?.['updated_at']);
      const changed = fake.updateRecords('contacts', 20);
      const second = await runTap(fake, { streams: ['contacts', ...CHILDREN], fields: 'automatic', state: first.state, config: { page_size: 5 } });
      const boundary = fake.groundTruth('contacts').filter((r) => r.updated_at === b1).map((r) => r.id);
      const parents = new Set(second.records('contacts').map((r) => String(r['id'])));
      expect(parents).toEqual(new Set([...changed, ...boundary]));
      for (const stream of CHILDREN) expect(new Set(pairsOf(second.messages, stream))).toEqual(truthPairs(fake, stream, parents));
    } finally {
      await fake.close();
    }
  });
});
