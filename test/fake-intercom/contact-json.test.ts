import { ContactJsonCache } from './contact-cache';
import { contactJson } from './contact-json';
import { buildContact } from './contacts';
import { startFakeIntercom } from './index';
import { Mutator } from './mutations';
import { get, post, sortedIds, walkSearch } from './test-client';
import type { ApiVersion } from './version';
import { DAY, World } from './world';

const VERSIONS: readonly ApiVersion[] = ['2.11', '2.16'];

describe('contactJson', () => {
  it.each([['2.11'], ['2.16']] as const)('is JSON.stringify(buildContact()) byte for byte (%s), rich contacts and created ones included', (version) => {
    const w = new World({ seed: 7, scale: 1, anchor: 1767225600, counts: { contacts: 2000 } });
    w.tables.contacts.append(5, w.now);
    for (let i = 0; i < w.tables.contacts.count; i++) {
      expect(contactJson(w, i, version)).toBe(JSON.stringify(buildContact(w, i, version)));
    }
  });
});

describe('ContactJsonCache', () => {
  /** Indices whose cached bytes differ from JSON.stringify(buildContact()) (expected: none). */
  function stale(w: World, cache: ContactJsonCache, v: ApiVersion): number[] {
    const bad: number[] = [];
    for (let i = 0; i < w.tables.contacts.count; i++) {
      if (cache.get(i, v).toString('utf8') !== JSON.stringify(buildContact(w, i, v))) bad.push(i);
    }
    return bad;
  }

  it.each([
    ['16 MB slabs', undefined],
    ['slabs smaller than a contact and a few contacts wide', 1000],
    ['slabs a few contacts wide', 10000],
  ])('serves JSON.stringify(buildContact()) bytes, also after updates and creations (%s)', (_label, slabBytes) => {
    const w = new World({ seed: 7, scale: 1, anchor: 1767225600, counts: { contacts: 600 } });
    const cache = new ContactJsonCache(w, slabBytes);
    cache.prerender('2.11'); // 2.16 is rendered on first use
    for (const v of VERSIONS) expect(stale(w, cache, v)).toEqual([]);
    const m = new Mutator(w);
    w.now += 3 * DAY;
    const before = Array.from(w.tables.contacts.updated.subarray(0, w.tables.contacts.count));
    m.update('contacts', 40);
    m.create('contacts', 25); // grows the table past the cache's location arrays
    expect(w.tables.contacts.updated.subarray(0, 600).filter((u, i) => u !== before[i]).length).toBe(40);
    for (const v of VERSIONS) expect(stale(w, cache, v)).toEqual([]);
  });

  it('joins contacts into one page, reusing released page buffers', () => {
    const w = new World({ seed: 3, scale: 1, anchor: 1767225600, counts: { contacts: 300 } });
    const cache = new ContactJsonCache(w, 5000);
    const expected = (ids: number[], v: ApiVersion): string => `{"data":[${ids.map((i) => JSON.stringify(buildContact(w, i, v))).join(',')}],"n":${ids.length}}`;
    const big = Array.from({ length: 150 }, (_, k) => (k * 7) % 300);
    const first = cache.joined(Uint32Array.from(big), '2.16', '{"data":[', `],"n":${big.length}}`);
    expect(first.bytes.toString('utf8')).toBe(expected(big, '2.16'));
    first.release();
    for (const ids of [[3, 0, 299, 53], [], [42]]) {
      const page = cache.joined(Uint32Array.from(ids), '2.11', '{"data":[', `],"n":${ids.length}}`);
      expect(page.bytes.toString('utf8')).toBe(expected(ids, '2.11')); // in the first page's (larger) buffer
      page.release();
    }
  });
});

describe('contact search through the cache', () => {
  it.each([
    ['prerendered', true],
    ['rendered on first use', false],
  ])('serves each contact as GET /contacts/{id} does, and changed contacts with their new content (%s)', async (_label, prerender) => {
    const anchor = 1767225600;
    const fake = await startFakeIntercom({ seed: 9, counts: { contacts: 200, companies: 20 }, anchor, prerender: prerender ? ['2.11', '2.16'] : false });
    try {
      const all = { field: 'updated_at', operator: '>', value: 1 };
      const changedOnly = { field: 'updated_at', operator: '>', value: anchor }; // every generated contact is older
      const headers = (v: ApiVersion): Record<string, string> => ({ 'Intercom-Version': v });
      /** Every contact of the search equals the JSON of GET /contacts/{id} (JSON.stringify(buildContact())). */
      async function expectAsGet(items: Array<Record<string, unknown> & { id: string }>, v: ApiVersion): Promise<void> {
        for (const item of items) expect(JSON.stringify(item)).toBe((await get(fake, `/contacts/${item.id}`, headers(v))).text);
      }
      for (const v of VERSIONS) {
        const items = await walkSearch(fake, '/contacts/search', 'data', all, 150, {}, headers(v)); // fills the cache
        expect(items).toHaveLength(200);
        await expectAsGet(items, v);
      }
      fake.clock.advance(5 * DAY);
      const changed = new Set([
        ...fake.updateRecords('contacts', 6),
        ...fake.createRecords('contacts', 3),
        ...((await post(fake, '/_fake/update', { stream: 'contacts', count: 5 })).json['ids'] as string[]),
        ...((await post(fake, '/_fake/create', { stream: 'contacts', count: 2 })).json['ids'] as string[]),
      ]);
      for (const v of VERSIONS) {
        const items = await walkSearch(fake, '/contacts/search', 'data', changedOnly, 150, {}, headers(v));
        expect(sortedIds(items)).toEqual([...changed].sort());
        for (const item of items) expect(item['updated_at']).toBe(fake.clock.now());
        await expectAsGet(items, v);
        const everything = await walkSearch(fake, '/contacts/search', 'data', all, 150, { sort: { field: 'updated_at', order: 'ascending' } }, headers(v));
        expect(everything).toHaveLength(205);
        await expectAsGet(everything, v);
      }
    } finally {
      await fake.close();
    }
  });

  it('pages answered concurrently, held by latency, stay intact (each reply has its own page buffer)', async () => {
    const fake = await startFakeIntercom({ seed: 4, counts: { contacts: 300, companies: 20 }, latencyMs: 5, jitterMs: 20 });
    try {
      const query = { field: 'updated_at', operator: '>', value: 1 };
      const page = (per: number): Promise<string> => post(fake, '/contacts/search', { query, pagination: { per_page: per } }).then((r) => r.text);
      const sizes = Array.from({ length: 24 }, (_, k) => 10 + ((k * 37) % 141));
      const alone: string[] = [];
      for (const per of sizes) alone.push(await page(per));
      for (let round = 0; round < 2; round++) expect(await Promise.all(sizes.map(page))).toEqual(alone);
    } finally {
      await fake.close();
    }
  });

  it('refuses an unknown Intercom-Version to prerender', async () => {
    await expect(startFakeIntercom({ counts: { contacts: 10 }, prerender: ['9.99'] })).rejects.toThrow(/prerender/);
  });
});
