import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { runTap } from '../helpers/run-tap';
import type { SchemaMessage } from '../../src/singer/types';

const SIMPLE = ['admins', 'teams', 'tags', 'segments', 'company_segments', 'company_attributes', 'contact_attributes'];

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 3, scale: 0.05 });
});
afterAll(async () => {
  await fake.close();
});

describe('full-table and list streams, end to end', () => {
  it('emits SCHEMA before RECORDs, every record valid, ids equal to the ground truth, a final STATE', async () => {
    const run = await runTap(fake, { streams: SIMPLE });
    expect(run.error).toBeUndefined();
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const stream of SIMPLE) {
      const schemaAt = run.messages.findIndex((m) => m.type === 'SCHEMA' && m.stream === stream);
      const firstRecord = run.messages.findIndex((m) => m.type === 'RECORD' && m.stream === stream);
      expect(schemaAt).toBeGreaterThanOrEqual(0);
      expect(firstRecord).toBeGreaterThan(schemaAt);
      const validate = ajv.compile((run.messages[schemaAt] as SchemaMessage).schema);
      for (const record of run.records(stream)) {
        expect(validate(record) ? null : { stream, errors: validate.errors }).toBeNull();
      }
      const truth = fake.groundTruth(stream).map((r) => r.id);
      const key = stream.endsWith('_attributes') ? 'name' : 'id';
      const got = run.records(stream).map((r) => String(r[key]));
      expect(new Set(got)).toEqual(new Set(truth));
      expect(got).toHaveLength(truth.length);
    }
    expect(run.messages[run.messages.length - 1]?.type).toBe('STATE');
    expect(run.state.currently_syncing).toBeNull();
  });

  it('bookmarks incremental list streams at their largest updated_at, as RFC 3339', async () => {
    const run = await runTap(fake, { streams: ['segments'] });
    const max = Math.max(...fake.groundTruth('segments').map((r) => r.updated_at ?? 0));
    expect(run.state.bookmarks['segments']).toEqual({ updated_at: new Date(max * 1000).toISOString().replace('.000Z', '.000000Z') });
  });

  it('converts unix seconds to RFC 3339 date-times', async () => {
    const run = await runTap(fake, { streams: ['segments'] });
    for (const r of run.records('segments')) expect(String(r['created_at'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
