import { startFakeIntercom, type FakeIntercom } from './index';
import { get, post, sortedIds, walkSearch, type Item } from './test-client';

describe('companies scroll rules', () => {
  let fake: FakeIntercom;
  let wall = 1_000_000_000_000;
  beforeEach(async () => {
    wall = 1_000_000_000_000;
    fake = await startFakeIntercom({ counts: { companies: 250 }, scrollExpiryMs: 1000, wallClock: () => wall });
  });
  afterEach(() => fake.close());

  test('one scroll at a time, the same param on every page, closed by the empty page', async () => {
    const first = await get(fake, '/companies/scroll');
    const param = first.json['scroll_param'] as string;
    expect(first.json['data']).toHaveLength(100);
    const second = await get(fake, '/companies/scroll');
    expect(second.status).toBe(400);
    expect((second.json['errors'] as Array<{ code: string }>)[0]?.code).toBe('scroll_exists');
    const p2 = await get(fake, `/companies/scroll?scroll_param=${param}`);
    const p3 = await get(fake, `/companies/scroll?scroll_param=${param}`);
    expect([p2.json['scroll_param'], p3.json['scroll_param']]).toEqual([param, param]);
    expect(p3.json['data']).toHaveLength(50);
    const end = await get(fake, `/companies/scroll?scroll_param=${param}`);
    expect(end.json['data']).toEqual([]);
    expect((await get(fake, `/companies/scroll?scroll_param=${param}`)).status).toBe(404);
    expect((await get(fake, '/companies/scroll')).status).toBe(200); // a new scroll may start
  });

  test('an idle scroll expires', async () => {
    const param = (await get(fake, '/companies/scroll')).json['scroll_param'] as string;
    wall += 500;
    expect((await get(fake, `/companies/scroll?scroll_param=${param}`)).status).toBe(200);
    wall += 1001;
    const expired = await get(fake, `/companies/scroll?scroll_param=${param}`);
    expect(expired.status).toBe(404);
    expect((expired.json['errors'] as Array<{ code: string }>)[0]?.code).toBe('not_found');
    expect((await get(fake, '/companies/scroll')).status).toBe(200);
  });

  test('a scroll_restart 500 forces starting again from the beginning', async () => {
    const first = await get(fake, '/companies/scroll');
    const param = first.json['scroll_param'] as string;
    fake.setFaults({ failNext: [{ kind: 'scroll_restart', route: 'GET /companies/scroll' }] });
    const failed = await get(fake, `/companies/scroll?scroll_param=${param}`);
    expect(failed.status).toBe(500);
    expect(failed.text).toContain('restart the scroll');
    expect((await get(fake, `/companies/scroll?scroll_param=${param}`)).status).toBe(404);
    const again = await get(fake, '/companies/scroll');
    expect((again.json['data'] as Item[])[0]?.id).toBe((first.json['data'] as Item[])[0]?.id);
  });

  test('scrollExists: another app holds the scroll', async () => {
    fake.setFaults({ scrollExists: true });
    expect((await get(fake, '/companies/scroll')).status).toBe(400);
    fake.setFaults({});
    expect((await get(fake, '/companies/scroll')).status).toBe(200);
  });
});

describe('search rules', () => {
  let fake: FakeIntercom;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 3 });
  });
  afterAll(() => fake.close());

  const dayStart = (t: number): number => t - (t % 86400);

  test('contact dates compare by UTC day: > skips the rest of the day, = matches the whole day', async () => {
    const truth = fake.groundTruth('contacts');
    const bulk = [...truth.reduce((m, r) => m.set(r.updated_at as number, (m.get(r.updated_at as number) ?? 0) + 1), new Map<number, number>())].sort((a, b) => b[1] - a[1])[0]?.[0] as number;
    const probe = dayStart(bulk) + 3600; // same day, earlier second
    const gt = await walkSearch(fake, '/contacts/search', 'data', { field: 'updated_at', operator: '>', value: probe }, 150);
    expect(sortedIds(gt)).toEqual(sortedIds(truth.filter((r) => (r.updated_at as number) >= dayStart(probe) + 86400)));
    expect(gt.some((c) => c['updated_at'] === bulk)).toBe(false); // naive `> bookmark` loses the bulk second
    const eq = await walkSearch(fake, '/contacts/search', 'data', { field: 'updated_at', operator: '=', value: probe }, 150);
    expect(sortedIds(eq)).toEqual(sortedIds(truth.filter((r) => dayStart(r.updated_at as number) === dayStart(probe))));
    const lt = await walkSearch(fake, '/contacts/search', 'data', { field: 'updated_at', operator: '<', value: probe }, 150);
    expect(sortedIds(lt)).toEqual(sortedIds(truth.filter((r) => (r.updated_at as number) < dayStart(probe))));
  });

  test('conversation dates compare by the second', async () => {
    const truth = fake.groundTruth('conversations');
    const t = truth[10]?.updated_at as number;
    const got = await walkSearch(fake, '/conversations/search', 'conversations', { field: 'updated_at', operator: '>', value: t }, 150);
    expect(sortedIds(got)).toEqual(sortedIds(truth.filter((r) => (r.updated_at as number) > t)));
  });

  test('a cursor stays valid while records are updated; ascending walks see updated records again', async () => {
    const query = { operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: 1 }, { field: 'updated_at', operator: '=', value: 1 }] };
    const first = await post(fake, '/contacts/search', { query, pagination: { per_page: 150 }, sort: { field: 'updated_at', order: 'ascending' } });
    const seen = (first.json['data'] as Item[]).map((c) => c.id);
    fake.clock.advance(60);
    const updated = fake.updateRecords('contacts', 40);
    let cursor = (first.json['pages'] as { next?: { starting_after: string } }).next?.starting_after;
    const rest: string[] = [];
    while (cursor) {
      const r = await post(fake, '/contacts/search', { query, pagination: { per_page: 150, starting_after: cursor }, sort: { field: 'updated_at', order: 'ascending' } });
      rest.push(...(r.json['data'] as Item[]).map((c) => c.id));
      cursor = (r.json['pages'] as { next?: { starting_after: string } }).next?.starting_after;
    }
    const all = new Set([...seen, ...rest]);
    expect([...all].sort()).toEqual(sortedIds(fake.groundTruth('contacts')));
    for (const id of updated) expect(rest).toContain(id);
  });

  test('errors: invalid query, invalid sort order in 2.16, missing query', async () => {
    const tooDeep = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [{ field: 'id', operator: '=', value: 'x' }] }] }] };
    const r1 = await post(fake, '/contacts/search', { query: tooDeep });
    expect(r1.status).toBe(400);
    expect(r1.json['type']).toBe('error.list');
    const r2 = await post(fake, '/contacts/search', { query: { field: 'updated_at', operator: '>=', value: 1 } });
    expect(r2.status).toBe(400);
    const sort = { query: { field: 'updated_at', operator: '>', value: 1 }, sort: { field: 'updated_at', order: 'desc' } };
    const r3 = await post(fake, '/contacts/search', sort, { 'Intercom-Version': '2.16' });
    expect(r3.status).toBe(400);
    expect((r3.json['errors'] as Array<{ code: string }>)[0]?.code).toBe('invalid_sort_order');
    expect((await post(fake, '/contacts/search', {})).status).toBe(400);
  });

  test('Intercom-Version changes shapes', async () => {
    const a11 = ((await get(fake, '/admins')).json['admins'] as Item[])[0] as Item;
    const a16 = ((await get(fake, '/admins', { 'Intercom-Version': '2.16' })).json['admins'] as Item[])[0] as Item;
    expect(typeof a11['avatar']).toBe('object');
    expect(a16['avatar'] === null || typeof a16['avatar'] === 'string').toBe(true);
    const t11 = ((await post(fake, '/tickets/search', { query: { field: 'created_at', operator: '>', value: 0 } })).json['tickets'] as Item[])[0] as Item;
    const t16 = ((await post(fake, '/tickets/search', { query: { field: 'created_at', operator: '>', value: 0 } }, { 'Intercom-Version': '2.16' })).json['tickets'] as Item[])[0] as Item;
    expect(typeof t11['ticket_state']).toBe('string');
    expect(typeof t16['ticket_state']).toBe('object');
    expect((await get(fake, '/data_attributes?model=conversation', { 'Intercom-Version': '2.16' })).status).toBe(422);
    expect((await get(fake, '/me', { 'Intercom-Version': '9.9' })).status).toBe(400);
  });
});
