import { startFakeIntercom, type FakeIntercom } from './index';
import { get, post, sortedIds, walkList, walkSearch, type Item } from './test-client';

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom({ seed: 7 });
});
afterAll(() => fake.close());

const ALL_CONTACTS = { operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: 1 }, { field: 'updated_at', operator: '=', value: 1 }] };

describe('pagination walks return exactly the ground truth', () => {
  test('GET /contacts cursor walk', async () => {
    const items = await walkList(fake, '/contacts', 'data', 150);
    expect(items.length).toBe(fake.groundTruth('contacts').length);
    expect(sortedIds(items)).toEqual(sortedIds(fake.groundTruth('contacts')));
  });

  test('POST /contacts/search ascending by updated_at, with a bulk second spanning pages', async () => {
    const items = await walkSearch(fake, '/contacts/search', 'data', ALL_CONTACTS, 150, { sort: { field: 'updated_at', order: 'ascending' } }, { 'Intercom-Version': '2.16' });
    expect(sortedIds(items)).toEqual(sortedIds(fake.groundTruth('contacts')));
    const times = items.map((c) => c['updated_at'] as number);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const counts = new Map<number, number>();
    for (const t of times) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThan(300); // hundreds share one second (> 2 pages of 150)
  });

  test('POST /conversations/search is complete but not in updated_at order', async () => {
    const items = await walkSearch(fake, '/conversations/search', 'conversations', { field: 'updated_at', operator: '>', value: 0 }, 50);
    expect(sortedIds(items)).toEqual(sortedIds(fake.groundTruth('conversations')));
    const times = items.map((c) => c['updated_at'] as number);
    expect([...times].sort((a, b) => a - b)).not.toEqual(times);
  });

  test('POST /tickets/search walk', async () => {
    const items = await walkSearch(fake, '/tickets/search', 'tickets', { field: 'created_at', operator: '>', value: 0 }, 30);
    expect(sortedIds(items)).toEqual(sortedIds(fake.groundTruth('tickets')));
  });

  test('GET /companies/scroll walk reaches every company, ending on an empty page', async () => {
    const all: Item[] = [];
    let param: string | undefined;
    for (;;) {
      const r = await get(fake, `/companies/scroll${param ? `?scroll_param=${param}` : ''}`);
      expect(r.status).toBe(200);
      const data = r.json['data'] as Item[];
      if (param) expect(r.json['scroll_param']).toBe(param);
      param = r.json['scroll_param'] as string;
      if (data.length === 0) break;
      all.push(...data);
    }
    expect(sortedIds(all)).toEqual(sortedIds(fake.groundTruth('companies')));
    expect(all.some((c) => c['user_count'] === 0)).toBe(true);
  });

  test('POST /companies/list hides companies without contacts', async () => {
    const r = await post(fake, '/companies/list?per_page=150&page=1', undefined);
    const withContacts = new Set(fake.groundTruth('company_contacts').map((x) => x.parent_id));
    expect(r.json['total_count']).toBe(withContacts.size);
    for (const c of r.json['data'] as Item[]) expect(withContacts.has(c.id)).toBe(true);
    expect((await post(fake, '/companies/list?per_page=100&page=101', undefined)).status).toBe(400);
  });

  test('sub-resources return all items; the contact embeds at most 10', async () => {
    const rich = fake.groundTruth('contacts')[3] as { id: string };
    const c = (await get(fake, `/contacts/${rich.id}`)).json;
    for (const key of ['tags', 'companies', 'notes'] as const) {
      const list = c[key] as { data: unknown[]; has_more: boolean; total_count: number; url: string };
      expect(list.data).toHaveLength(10);
      expect(list.has_more).toBe(true);
      expect(list.total_count).toBeGreaterThan(10);
      expect(list.url).toBe(`/contacts/${rich.id}/${key}`);
    }
    const truth = (stream: string): string[] => fake.groundTruth(stream).filter((x) => x.parent_id === rich.id).map((x) => x.id).sort();
    expect(sortedIds((await get(fake, `/contacts/${rich.id}/tags`)).json['data'] as Item[])).toEqual(truth('contact_tags'));
    expect(sortedIds((await get(fake, `/contacts/${rich.id}/companies`)).json['data'] as Item[])).toEqual(truth('contact_companies'));
    expect(sortedIds((await get(fake, `/contacts/${rich.id}/segments`)).json['data'] as Item[])).toEqual(truth('contact_segments'));
    const notes = (await get(fake, `/contacts/${rich.id}/notes`)).json;
    expect(notes['total_count']).toBe((c['notes'] as { total_count: number }).total_count);
    const noteId = (notes['data'] as Item[])[0]?.id as string;
    expect((await get(fake, `/notes/${noteId}`)).json['id']).toBe(noteId);
  });

  test('GET /companies/{id}/contacts cursor walk matches company_contacts', async () => {
    const truth = fake.groundTruth('company_contacts');
    const counts = new Map<string, number>();
    for (const r of truth) counts.set(r.parent_id as string, (counts.get(r.parent_id as string) ?? 0) + 1);
    const [company] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const items = await walkList(fake, `/companies/${company}/contacts`, 'data', 3);
    expect(sortedIds(items)).toEqual(truth.filter((r) => r.parent_id === company).map((r) => r.id).sort());
  });

  test('GET /conversations/{id} returns the 500 newest parts and the real total', async () => {
    const big = (await walkList(fake, '/conversations', 'conversations', 150)).find((c) => (c['statistics'] as { count_conversation_parts: number }).count_conversation_parts > 500);
    expect(big).toBeDefined();
    const r = (await get(fake, `/conversations/${big?.id}`)).json;
    const parts = r['conversation_parts'] as { conversation_parts: Item[]; total_count: number };
    expect(parts.total_count).toBe(620);
    expect(parts.conversation_parts).toHaveLength(500);
    const truth = fake.groundTruth('conversation_parts').filter((p) => p.parent_id === big?.id).map((p) => p.id);
    expect(parts.conversation_parts.map((p) => p.id)).toEqual(truth);
    // the newest part is last and the oldest 120 are missing
    expect(parts.conversation_parts[499]?.created_at).toBeGreaterThanOrEqual(parts.conversation_parts[0]?.created_at as number);
  });

  test('events: paged with a before= URL, last 90 days of the data clock only', async () => {
    const truth = fake.groundTruth('events');
    const user = truth[0]?.parent_id as string;
    const expected = truth.filter((e) => e.parent_id === user).map((e) => e.id).sort();
    expect(expected.length).toBeGreaterThan(15);
    const got: string[] = [];
    let next: string | undefined = `/events?type=user&intercom_user_id=${user}&per_page=10`;
    while (next) {
      const r = await get(fake, next);
      for (const e of r.json['events'] as Array<{ intercom_user_id: string; created_at: number; event_name: string }>) got.push(`${e.intercom_user_id}:${e.created_at}:${e.event_name}`);
      next = (r.json['pages'] as { next?: string }).next;
      if (next) expect(next).toContain('before=');
    }
    expect(got.sort()).toEqual(expected);
    for (const e of truth) expect(e.created_at).toBeGreaterThanOrEqual(fake.clock.now() - 90 * 86400);
  });

  test('articles are page-numbered in descending updated_at; activity logs follow the pages.next cursor', async () => {
    const a = await get(fake, '/articles?page=1');
    const pages = a.json['pages'] as { total_pages: number };
    const all: Item[] = [];
    for (let p = 1; p <= pages.total_pages; p++) all.push(...((await get(fake, `/articles?page=${p}`)).json['data'] as Item[]));
    expect(sortedIds(all)).toEqual(sortedIds(fake.groundTruth('help_center_articles')));
    const times = all.map((x) => x['updated_at'] as number);
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const logs: Item[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(fake, `/admins/activity_logs?created_at_after=0${cursor ? `&starting_after=${cursor}` : ''}`);
      logs.push(...(r.json['activity_logs'] as Item[]));
      cursor = (r.json['pages'] as { next: { starting_after: string } | null }).next?.starting_after ?? null;
    } while (cursor);
    expect(sortedIds(logs)).toEqual(sortedIds(fake.groundTruth('activity_logs')));
    expect((await get(fake, '/admins/activity_logs')).status).toBe(400);
  });

  test('data attributes list custom attributes of every type, archived only on request', async () => {
    const live = (await get(fake, '/data_attributes?model=contact')).json['data'] as Array<Record<string, unknown>>;
    const all = (await get(fake, '/data_attributes?model=contact&include_archived=true')).json['data'] as Array<Record<string, unknown>>;
    expect(all.length).toBeGreaterThan(live.length);
    const custom = all.filter((a) => a['custom'] === true);
    expect(new Set(custom.map((a) => a['data_type']))).toEqual(new Set(['string', 'integer', 'float', 'boolean', 'date']));
    expect(sortedIds(all.map((a) => ({ id: a['name'] as string })))).toEqual(sortedIds(fake.groundTruth('contact_attributes')));
  });
});
