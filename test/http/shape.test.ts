/**
 * A 2xx whose list is not a list (RequestSpec.list) is a failed attempt: retried like a 5xx, then an
 * UnexpectedShapeError, never an empty page. Against the fake's `badList` switch, over real HTTP, also when a
 * render worker parsed the page.
 */
import { UnexpectedShapeError } from '../../src/common/errors';
import { listProblem, parseBody, valueAt } from '../../src/http/body';
import type { RawRecord } from '../../src/common/json';
import { createRenderPool, type PageParser } from '../../src/render/pool';
import { loadStreamSchema } from '../../src/schema/load';
import { renderBodyHook } from '../../src/tap/client-options';
import { startFakeIntercom, type FakeIntercom } from '../fake-intercom';
import { closeClients, makeClient, rejection } from './client-helpers';

jest.setTimeout(30_000);

let fake: FakeIntercom;
let pool: PageParser;

beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 5, scale: 1, rateLimitPer10s: 100000 });
  pool = createRenderPool({ workers: 1, minBytes: 0 });
});

afterEach(async () => {
  fake.setFaults({});
  await closeClients();
});

afterAll(async () => {
  await pool.close();
  await fake.close();
});

const client = (overrides = {}) => makeClient(fake.url, { token: fake.token, maxRetries: 3, ...overrides });

describe('listProblem', () => {
  it('reads dotted paths and alternatives, and says what was there instead', () => {
    expect(listProblem({ data: [] }, 'data')).toBeUndefined();
    expect(listProblem({ data: null }, 'data')).toBe('`data` is null, not a list');
    expect(listProblem({ data: {} }, 'data')).toBe('`data` is an object, not a list');
    expect(listProblem({}, 'data')).toBe('`data` is absent, not a list');
    expect(listProblem({ data: 'x' }, 'data')).toBe('`data` is a string, not a list');
    expect(listProblem({ conversation_parts: { conversation_parts: [] } }, 'conversation_parts.conversation_parts')).toBeUndefined();
    expect(listProblem({ conversation_parts: null }, 'conversation_parts.conversation_parts')).toMatch(/is absent/);
    expect(valueAt({ companies: [1] }, 'data|companies')).toEqual([1]);
    expect(listProblem({ data: [] }, 'data|companies')).toBeUndefined();
    expect(listProblem({ companies: null }, 'data|companies')).toBe('`data|companies` is null, not a list');
  });
});

describe('a list that is not a list', () => {
  it('is retried like a 5xx: null twice, then the real page', async () => {
    const { client: c, events } = client();
    fake.setFaults({ badList: { route: 'GET /admins', as: 'null', count: 2 } });
    const res = await c.request<{ admins: unknown[] }>({ method: 'GET', path: '/admins', stream: 'admins', list: 'admins' });
    expect(Array.isArray(res.data.admins)).toBe(true);
    expect(res.data.admins.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'retry').map((e) => (e.kind === 'retry' ? e.reason : ''))).toEqual([
      'unexpected shape in a 200 answer: `admins` is null, not a list',
      'unexpected shape in a 200 answer: `admins` is null, not a list',
    ]);
  });

  it.each(['null', 'object', 'absent'] as const)('is thrown as UnexpectedShapeError when it stays %s', async (as) => {
    fake.setFaults({ badList: { route: 'GET /admins', as } });
    const { client: c } = client({ maxRetries: 2 });
    const before = fake.stats().byRoute['GET /admins'] ?? 0;
    const err = await rejection(c.request({ method: 'GET', path: '/admins', stream: 'admins', list: 'admins' }));
    expect(err).toBeInstanceOf(UnexpectedShapeError);
    expect((err as UnexpectedShapeError).details).toMatchObject({ status: 200, code: 'unexpected_shape', attempts: 3 });
    const what = as === 'object' ? 'an object' : as;
    expect(err.message).toMatch(new RegExp(`^unexpected shape in a 200 answer after 3 attempts \\(GET /admins → 200 ok, request id [^,]+, stream admins\\): \`admins\` is ${what}, not a list$`));
    expect((fake.stats().byRoute['GET /admins'] ?? 0) - before).toBe(3);
  });

  it('is checked at a dotted path (a conversation whose conversation_parts list is null)', async () => {
    const id = fake.groundTruth('conversations')[0]?.id as string;
    fake.setFaults({ badList: { route: 'GET /conversations/{id}', as: 'null', list: 'conversation_parts.conversation_parts' } });
    const { client: c } = client({ maxRetries: 1 });
    const err = await rejection(c.request({ method: 'GET', path: `/conversations/${id}`, stream: 'conversation_parts', list: 'conversation_parts.conversation_parts' }));
    expect(err).toBeInstanceOf(UnexpectedShapeError);
    expect(err.message).toContain('`conversation_parts.conversation_parts` is null, not a list');
  });

  it('holds when a render worker parsed the page', async () => {
    const schema = loadStreamSchema('contacts');
    const page = { listKey: 'data', keep: ['id'], render: { stream: 'contacts', schema, fields: Object.keys(schema.properties ?? {}), keyProperties: ['id'], validate: false } };
    const search = { method: 'POST' as const, path: '/contacts/search', stream: 'contacts', list: 'data', page, body: { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 50 } } };
    const { client: c } = client({ maxRetries: 1, bodyHook: renderBodyHook(pool) });
    const parsedBefore = pool.pagesParsed();
    const good = await c.request<{ data: RawRecord[] }>(search);
    expect(Object.keys(good.data.data[0] ?? {})).toEqual(['id']);
    fake.setFaults({ badList: { route: 'POST /contacts/search', as: 'object' } });
    const err = await rejection(c.request(search));
    expect(err).toBeInstanceOf(UnexpectedShapeError);
    expect(err.message).toContain('`data` is an object, not a list');
    expect(pool.pagesParsed() - parsedBefore).toBe(3);
  });

  it('a request without `list` takes the body as it is', async () => {
    fake.setFaults({ badList: { route: 'GET /admins', as: 'null' } });
    const { client: c } = client();
    const res = await c.request<{ admins: unknown }>({ method: 'GET', path: '/admins', stream: 'admins' });
    expect(res.data.admins).toBeNull();
  });
});

describe('body bytes', () => {
  it('parseBody skips a BOM and counts invalid UTF-8 it replaced', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    expect(parseBody(bom)).toEqual({ data: { a: 1 } });
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xc3]), Buffer.from('x","b":"\ufffd"}')]);
    expect(parseBody(bad)).toEqual({ data: { a: '\ufffd\ufffdx', b: '\ufffd' }, replaced: 2 });
    expect(parseBody(Buffer.from('{"b":"\ufffd"}'))).toEqual({ data: { b: '\ufffd' } });
  });

  it('a body starting with a BOM is read, on this thread and on a worker', async () => {
    fake.setFaults({ bodyBytes: 'bom' });
    const { client: c } = client({ maxRetries: 0 });
    const res = await c.request<{ admins: unknown[] }>({ method: 'GET', path: '/admins', stream: 'admins', list: 'admins' });
    expect(res.data.admins.length).toBeGreaterThan(0);
    const schema = loadStreamSchema('contacts');
    const page = { listKey: 'data', keep: ['id'], render: { stream: 'contacts', schema, fields: Object.keys(schema.properties ?? {}), keyProperties: ['id'], validate: false } };
    const { client: w } = client({ maxRetries: 0, bodyHook: renderBodyHook(pool) });
    const parsedBefore = pool.pagesParsed();
    const search = await w.request<{ data: RawRecord[] }>({ method: 'POST', path: '/contacts/search', stream: 'contacts', list: 'data', page, body: { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 20 } } });
    expect(search.data.data).toHaveLength(20);
    expect(pool.pagesParsed() - parsedBefore).toBe(1);
  });

  it('invalid UTF-8 is replaced and counted in one warning per stream', async () => {
    fake.setFaults({ bodyBytes: 'invalid_utf8' });
    const { client: c, log } = client({ maxRetries: 0 });
    for (let i = 0; i < 3; i++) await c.request({ method: 'GET', path: '/admins', stream: 'admins', list: 'admins' });
    const warnings = log.lines.filter((l) => l.includes('invalid UTF-8'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GET /admins: the answer held 1 invalid UTF-8 sequence, read as U+FFFD');
  });
});
