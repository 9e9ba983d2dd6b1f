/**
 * Conformance over workspace profiles: on each kind of real workspace the fake can be (no Help Center, a
 * token without some scopes, a plan without the conversations API, a small rate budget, the EU region,
 * the 2.16 shapes), a full sync with every stream selected, as Meltano's `*.*` does, exits 0: every
 * stream the workspace offers equals the ground truth exactly (each record once, valid against its
 * SCHEMA), each unavailable one is named by one clear warning, and nothing is an ERROR.
 */
import { PROFILE_NAMES, startFakeIntercom, type FakeIntercom, type ProfileName } from '../fake-intercom';
import type { JsonObject } from '../../src/common/json';
import { STREAMS } from '../../src/streams/registry';
import { expectRecordsValid, unixOf } from '../helpers/conformance';
import { parseMessages } from '../helpers/messages';
import { configFile, discoverCatalog, jsonFile, runCliInProcess, SECRET, TokenScan } from './harness';
import { recordKey, START_DATE, truthKeys } from './stream-kinds';

const COUNTS = { contacts: 45, companies: 12, conversations: 12, tickets: 6 };
const ALL = STREAMS.map((s) => s.name);

/** The streams each profile does not offer, each with the streams skipped with it (its children). */
const UNAVAILABLE: Record<ProfileName, Record<string, string[]>> = {
  default: {},
  'no-help-center': { help_center_collections: [], help_center_articles: [] },
  'limited-token': { tickets: [], events: [], activity_logs: [] },
  'restricted-plan': { conversations: ['conversation_parts'] },
  'small-plan': {},
  eu: {},
  'v2.16': {},
};

/** How the fake's ground truth names a record of each stream. */
function keyOf(stream: string, r: JsonObject): string {
  if (stream === 'events') return `${String(r['intercom_user_id'])}:${unixOf(r['created_at'])}:${String(r['event_name'])}`;
  if (stream === 'contact_attributes' || stream === 'company_attributes') return String(r['name']);
  if (stream === 'counts') return String(r['type']);
  return recordKey(stream, r);
}

function truth(fake: FakeIntercom, stream: string): string[] {
  if (stream === 'counts') return ['company', 'user', 'lead', 'tag', 'segment'];
  return truthKeys(fake, stream);
}

const scan = new TokenScan();

describe.each(PROFILE_NAMES.map((p) => [p]))('profile %s: a full sync with every stream selected', (name) => {
  let fake: FakeIntercom;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 41, counts: COUNTS, token: SECRET, profile: name });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('exits 0: each available stream is its exact ground truth, each unavailable one gets one warning', async () => {
    const catalog = jsonFile(await discoverCatalog(fake, ALL));
    const config = configFile(fake, {
      start_date: START_DATE,
      ...(name === 'eu' ? { region: 'eu' } : {}),
      // Small plan: the tap paces itself to the plan's budget (rate_limit_per_10s), as its README says.
      rate_limit_per_10s: name === 'small-plan' ? 150 : 100000,
    });
    const run = await runCliInProcess(['--config', config, '--catalog', catalog]);
    scan.add(name, `${run.stdout}\n${run.stderr}`);
    expect({ code: run.code, errors: run.errorLines.filter((l) => /\bERROR\b/.test(l)) }).toEqual({ code: 0, errors: [] });

    const unavailable = UNAVAILABLE[name];
    const skipped = new Set(Object.entries(unavailable).flatMap(([s, children]) => [s, ...children]));
    const views = parseMessages(run.stdout);
    for (const stream of ALL) {
      const got = views.records(stream).map((r) => keyOf(stream, r));
      if (skipped.has(stream)) {
        expect({ stream, records: got.length }).toEqual({ stream, records: 0 });
        continue;
      }
      expect({ stream, unique: new Set(got).size }).toEqual({ stream, unique: got.length });
      expect({ stream, keys: [...got].sort() }).toEqual({ stream, keys: [...new Set(truth(fake, stream))].sort() });
      expectRecordsValid(views, stream);
    }

    const warnings = run.errorLines.filter((l) => /\bWARN\b.* is unavailable \(/.test(l));
    expect(warnings.length).toBe(Object.keys(unavailable).length);
    for (const [stream, children] of Object.entries(unavailable)) {
      const mine = warnings.filter((l) => l.includes(`stream ${stream} is unavailable`));
      expect({ stream, warnings: mine.length }).toEqual({ stream, warnings: 1 });
      const line = mine[0] as string;
      expect(line).toMatch(/→ (403|404) [a-z_]+, request id [0-9a-f-]{8,}\): skipped/);
      if (children.length > 0) expect(line).toContain(`skipped with ${children.join(', ')}`);
      // What to do: the scope to grant (403 forbidden), or how to deselect the stream.
      const scope = STREAMS.find((s) => s.name === stream)?.scope;
      if (/→ 403 forbidden/.test(line)) expect(line).toContain(`grant the access token the ${scope ?? ''} scope`);
      expect(line).toContain(`deselect ${stream}`);
      // The end summary lists it.
      for (const s of [stream, ...children]) expect(run.errorLines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${s}\\s+0 {2}unavailable$`)));
    }
    expect(run.state?.currently_syncing).toBeNull();
  }, 180_000);
});

it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
