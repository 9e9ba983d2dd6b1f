/**
 * The render pool with real worker threads: a page parsed and rendered on a worker gives the same
 * RECORD lines as rendering it here, and projections keep only the asked fields.
 */
import { RecordValidationError, TapError } from '../../src/common/errors';
import type { RawRecord } from '../../src/common/json';
import { createRenderPool, type PageParser } from '../../src/render/pool';
import { compileRenderer, type RenderSpec } from '../../src/render/records';
import { renderedLines } from '../../src/render/rendered';
import { loadStreamSchema } from '../../src/schema/load';
import { createIntercomClient } from '../../src/http/client';
import { renderBodyHook } from '../../src/tap/client-options';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { quietLogger } from '../helpers/run-tap';

jest.setTimeout(60_000);

let fake: FakeIntercom;
let pool: PageParser;
let body: Buffer;

const TIME = '2026-11-21T10:00:00.000Z';
const contactsSpec = (validate = false): RenderSpec => {
  const schema = loadStreamSchema('contacts');
  return { stream: 'contacts', schema, fields: Object.keys(schema.properties ?? {}), keyProperties: ['id'], validate };
};

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 3, scale: 1, rateLimitPer10s: 100000 });
  const res = await fetch(`${fake.url}/contacts/search`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json', 'Intercom-Version': '2.11' },
    body: JSON.stringify({ query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 150 } }),
  });
  body = Buffer.from(await res.arrayBuffer());
  pool = createRenderPool({ workers: 2, minBytes: 0 });
});

afterAll(async () => {
  await pool.close();
  await fake.close();
});

/** A fresh copy: the pool moves the bytes it is given. */
const bytes = (): Uint8Array => new Uint8Array(body);

describe('render pool', () => {
  it('renders a page on a worker exactly as the engine thread would, with projections keeping only `keep`', async () => {
    const spec = contactsSpec();
    const parsed = await pool.parsePage({ bytes: bytes(), listKey: 'data', keep: ['id', 'updated_at'], spec, timeExtracted: TIME });
    expect(parsed.problem).toBeUndefined();
    const page = { data: parsed.data as Record<string, unknown> };
    const full = (JSON.parse(body.toString('utf8')) as { data: RawRecord[]; total_count: number }).data;
    const projections = page.data['data'] as RawRecord[];
    expect(projections).toHaveLength(full.length);
    expect(full.length).toBeGreaterThan(100);
    // Only the asked fields (JSON drops the projection mark, a symbol).
    expect(JSON.parse(JSON.stringify(projections))).toEqual(full.map((r) => ({ id: r['id'], updated_at: r['updated_at'] })));
    expect(page.data['total_count']).toBe((JSON.parse(body.toString('utf8')) as { total_count: number }).total_count);
    const here = compileRenderer(spec).lines(full, TIME);
    expect(Buffer.from(renderedLines(spec, projections) ?? new Uint8Array()).toString('utf8')).toBe(here);
    // A subset (records dropped at a window edge) writes exactly their lines.
    const some = [projections[5], projections[6], projections[40]] as RawRecord[];
    expect(Buffer.from(renderedLines(spec, some) ?? new Uint8Array()).toString('utf8')).toBe(compileRenderer(spec).lines([full[5], full[6], full[40]] as RawRecord[], TIME));
  });

  it('moves the body to the worker instead of copying it', async () => {
    const b = bytes();
    const done = pool.parsePage({ bytes: b, listKey: 'data', keep: ['id'], spec: contactsSpec(), timeExtracted: TIME });
    expect(b.byteLength).toBe(0);
    await done;
  });

  it('judges a body as the main thread does: not JSON or empty is a problem (the client retries it), other JSON passes', async () => {
    const spec = contactsSpec();
    await expect(pool.parsePage({ bytes: Buffer.from('[1,2]'), listKey: 'data', keep: [], spec, timeExtracted: TIME })).resolves.toEqual({ data: [1, 2] });
    await expect(pool.parsePage({ bytes: Buffer.from('<html>oops'), listKey: 'data', keep: [], spec, timeExtracted: TIME })).resolves.toEqual({ data: null, problem: 'non-JSON body' });
    await expect(pool.parsePage({ bytes: Buffer.from('  '), listKey: 'data', keep: [], spec, timeExtracted: TIME })).resolves.toEqual({ data: null, problem: 'empty body' });
  });

  it('fails with RecordValidationError naming stream, key and field when a record does not fit', async () => {
    const spec = contactsSpec(true);
    const schema = { ...spec.schema, properties: { ...spec.schema.properties, email: { type: ['null', 'integer'] } } };
    const err = await pool.parsePage({ bytes: bytes(), listKey: 'data', keep: ['id'], spec: { ...spec, schema }, timeExtracted: TIME }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordValidationError);
    expect((err as Error).message).toMatch(/^stream contacts: record id="[0-9a-f]+": field email: must be (null,)?integer/);
  });

  it('rejects pages once closed', async () => {
    const closed = createRenderPool({ workers: 1, minBytes: 0 });
    const first = await closed.parsePage({ bytes: bytes(), listKey: 'data', keep: ['id'], spec: contactsSpec(), timeExtracted: TIME });
    expect(first.problem).toBeUndefined();
    expect(closed.pagesParsed()).toBe(1);
    await closed.close();
    await expect(closed.parsePage({ bytes: bytes(), listKey: 'data', keep: ['id'], spec: contactsSpec(), timeExtracted: TIME })).rejects.toBeInstanceOf(TapError);
  });
});

describe('client with a page parser', () => {
  const request = async (pages: PageParser): Promise<RawRecord[]> => {
    const client = createIntercomClient({
      baseUrl: fake.url, token: fake.token, apiVersion: '2.11', userAgent: 'test', timeoutMs: 10_000,
      maxRetries: 0, maxRetrySeconds: 10, maxConcurrency: 4, ratePer10s: 100000, logger: quietLogger(), bodyHook: renderBodyHook(pages),
    });
    try {
      const res = await client.request<{ data: RawRecord[] }>({
        method: 'POST', path: '/contacts/search', stream: 'contacts',
        body: { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 150 } },
        page: { listKey: 'data', keep: ['id'], render: contactsSpec() },
      });
      return res.data.data;
    } finally {
      await client.close();
    }
  };

  it('parses a page body on a worker only when its size is within [minBytes, maxBytes]', async () => {
    const within = createRenderPool({ workers: 1, minBytes: 1000, maxBytes: 10 * 1024 * 1024 });
    const over = createRenderPool({ workers: 1, minBytes: 1000, maxBytes: 1000 });
    try {
      const projected = await request(within);
      expect(within.pagesParsed()).toBe(1);
      expect(Object.keys(projected[0] ?? {})).toEqual(['id']);
      const full = await request(over);
      expect(over.pagesParsed()).toBe(0);
      expect(Object.keys(full[0] ?? {}).length).toBeGreaterThan(30);
      expect(renderedLines(contactsSpec(), full)).toBeUndefined();
    } finally {
      await within.close();
      await over.close();
    }
  });
});
