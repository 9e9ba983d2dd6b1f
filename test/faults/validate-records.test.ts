/**
 * validate_records: true checks every record against its stream's schema before writing it; a record that
 * does not fit stops the run with one line naming the stream, the record's key and the field. The
 * mismatch is made by tightening the catalog's schema (the records are the fake's, untouched).
 */
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import type { Catalog, CatalogEntry } from '../../src/singer/types';
import type { JsonSchema } from '../../src/common/json';
import { configFile, discoverCatalog, jsonFile, runCliInProcess, SECRET, TokenScan } from './harness';
import { SMALL_COUNTS } from './stream-kinds';

const scan = new TokenScan();
let fake: FakeIntercom;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 41, counts: SMALL_COUNTS, token: SECRET });
});
afterAll(async () => {
  await fake?.close();
});

/** The catalog with one property of one stream replaced (path: 'name' or 'location.country'). */
function tightened(catalog: Catalog, stream: string, path: string, schema: JsonSchema): Catalog {
  const copy = structuredClone(catalog);
  const entry = copy.streams.find((s) => s.tap_stream_id === stream) as CatalogEntry;
  const parts = path.split('.');
  let node = entry.schema;
  for (const part of parts.slice(0, -1)) node = node.properties?.[part] as JsonSchema;
  (node.properties as Record<string, JsonSchema>)[parts[parts.length - 1] as string] = schema;
  return copy;
}

async function sync(catalog: Catalog, validate: boolean): ReturnType<typeof runCliInProcess> {
  const run = await runCliInProcess(['--config', configFile(fake, { validate_records: validate, rate_limit_per_10s: 100000 }), '--catalog', jsonFile(catalog)]);
  scan.add('validate_records', `${run.stdout}\n${run.stderr}`);
  return run;
}

describe('validate_records', () => {
  it('a top-level field of the wrong type: exit 1, one line naming stream, key and field; no record of it written', async () => {
    const catalog = tightened(await discoverCatalog(fake, ['tags']), 'tags', 'name', { type: ['null', 'integer'] });
    const run = await sync(catalog, true);
    expect(run.code).toBe(1);
    const errors = run.errorLines.filter((l) => /\bERROR\b/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/stream tags: record id="?\d+"?: field name: must be (null,)?integer/);
    expect(run.messages.some((m) => m.type === 'RECORD' && m.stream === 'tags')).toBe(false);
    expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
  });

  it('without validate_records the same catalog syncs (the check is what stops it)', async () => {
    const catalog = tightened(await discoverCatalog(fake, ['tags']), 'tags', 'name', { type: ['null', 'integer'] });
    const run = await sync(catalog, false);
    expect(run.code).toBe(0);
    expect(run.messages.filter((m) => m.type === 'RECORD').length).toBeGreaterThan(0);
  });

  it('the untouched catalog validates: every record of the fake fits its schema', async () => {
    const streams = ['tags', 'admins', 'teams', 'segments', 'contacts', 'conversations', 'conversation_parts', 'companies'];
    const run = await sync(await discoverCatalog(fake, streams), true);
    expect(run.errorLines.filter((l) => /\bERROR\b/.test(l))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a nested field: the message gives its path', async () => {
    const catalog = tightened(await discoverCatalog(fake, ['contacts']), 'contacts', 'location.country', { type: 'integer' });
    const run = await sync(catalog, true);
    expect(run.code).toBe(1);
    expect(run.errorLines.filter((l) => /\bERROR\b/.test(l))[0]).toMatch(/stream contacts: record id="[0-9a-f]+": field location\.country: must be integer/);
  });
});

/** The token check of every run above, as a test of its own (a leak fails it; an afterAll would not count). */
it('no output of the runs above holds the token in any form', () => {
  expect(scan.size).toBeGreaterThan(0);
  expect(scan.leaks()).toEqual([]);
});
