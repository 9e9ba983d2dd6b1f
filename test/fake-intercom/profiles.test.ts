import { PROFILE_NAMES, profile, startFakeIntercom, type FakeIntercom, type ProfileName } from './index';
import { get, post } from './test-client';

const code = (json: Record<string, unknown>): string | undefined => (json['errors'] as Array<{ code: string }> | undefined)?.[0]?.code;

describe('requests real clients send work as on Intercom', () => {
  let fake: FakeIntercom;
  beforeAll(async () => {
    fake = await startFakeIntercom({ scale: 0.05 });
  });
  afterAll(() => fake.close());

  test('a path with repeated slashes (base URL + an embedded list url) is the same path', async () => {
    const page = await post(fake, '/contacts/search', { query: { field: 'updated_at', operator: '>', value: 0 }, pagination: { per_page: 5 } });
    const contact = (page.json['data'] as Array<{ id: string; tags: { url: string } }>)[0]!;
    expect(contact.tags.url).toBe(`/contacts/${contact.id}/tags`);
    const plain = await get(fake, contact.tags.url);
    const doubled = await get(fake, `/${contact.tags.url}`);
    expect(plain.status).toBe(200);
    expect(doubled.status).toBe(200);
    expect(doubled.json).toEqual(plain.json);
  });

  test('a search on id > "" (singer-io) lists every record', async () => {
    const all = await post(fake, '/conversations/search', { query: { field: 'id', operator: '>', value: '' }, pagination: { per_page: 150 } });
    expect(all.status).toBe(200);
    expect(all.json['total_count']).toBe(fake.groundTruth('conversations').length);
    const numeric = await post(fake, '/conversations/search', { query: { field: 'id', operator: '>', value: '0' }, pagination: { per_page: 150 } });
    expect(numeric.json['total_count']).toBe(all.json['total_count']);
  });

  test('ids compare as text when the value is not a number, and a non-scalar value is still refused', async () => {
    const none = await post(fake, '/conversations/search', { query: { field: 'id', operator: '<', value: '' } });
    expect(none.status).toBe(200);
    expect(none.json['total_count']).toBe(0);
    const bad = await post(fake, '/conversations/search', { query: { field: 'id', operator: '>', value: { x: 1 } } });
    expect(bad.status).toBe(400);
    expect(code(bad.json)).toBe('parameter_invalid');
  });
});

describe('workspace profiles', () => {
  const started: FakeIntercom[] = [];
  const start = async (name: ProfileName): Promise<FakeIntercom> => {
    const fake = await startFakeIntercom({ scale: 0.02, profile: name, wallClock: () => 1_700_000_003_000 });
    started.push(fake);
    return fake;
  };
  afterAll(() => Promise.all(started.map((f) => f.close())));

  test.each(PROFILE_NAMES.filter((n) => n !== 'default'))('%s differs from the default workspace only as it says', async (name) => {
    const fake = await start(name);
    const p = profile(name);
    for (const r of p.refusals) {
      const path = r.pattern.replace('{id}', '1');
      const res = r.method === 'POST' ? await post(fake, path, { query: { field: 'updated_at', operator: '>', value: 0 } }) : await get(fake, path);
      expect([path, res.status, code(res.json)]).toEqual([path, r.status, r.code]);
      expect(typeof res.json['request_id']).toBe('string');
    }
    // What the profile does not refuse still answers.
    for (const path of ['/admins', '/tags', '/segments', '/teams']) expect((await get(fake, path)).status).toBe(200);
  });

  test('no-help-center: collections and articles 404, every other stream endpoint answers', async () => {
    const fake = await start('no-help-center');
    expect((await get(fake, '/help_center/collections')).status).toBe(404);
    expect((await get(fake, '/articles')).status).toBe(404);
    expect((await post(fake, '/contacts/search', { query: { field: 'updated_at', operator: '>', value: 0 } })).status).toBe(200);
  });

  test('small-plan: 166 requests per 10-second window, then 429', async () => {
    const fake = await start('small-plan');
    const first = await get(fake, '/tags');
    expect(first.headers.get('x-ratelimit-limit')).toBe('166');
  });

  test('eu: GET /me names the region; v2.16: requests without Intercom-Version get 2.16 shapes', async () => {
    const eu = await start('eu');
    expect(((await get(eu, '/me')).json['app'] as { region: string }).region).toBe('Europe');
    const v216 = await start('v2.16');
    const plain = await get(await start('default'), '/admins');
    const modern = await get(v216, '/admins');
    const pinned = await get(v216, '/admins', { 'Intercom-Version': '2.11' });
    expect(modern.json).not.toEqual(plain.json);
    expect(pinned.json).toEqual(plain.json);
  });
});
