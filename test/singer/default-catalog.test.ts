import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDefaultCatalog } from '../../src/tap/discover';
import { STREAMS } from '../../src/streams/registry';

describe('catalog/catalog.json', () => {
  it('equals buildDefaultCatalog() (run `npm run catalog` after changing schemas or streams)', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'catalog', 'catalog.json'), 'utf8')) as unknown;
    expect(file).toEqual(buildDefaultCatalog());
  });

  it('has every stream with key properties and replication keys marked automatic', () => {
    const catalog = buildDefaultCatalog();
    expect(catalog.streams.map((s) => s.tap_stream_id)).toEqual(STREAMS.map((s) => s.name));
    for (const entry of catalog.streams) {
      const def = STREAMS.find((s) => s.name === entry.tap_stream_id);
      const keys = [...(def?.keyProperties ?? []), ...(def?.replication.method === 'INCREMENTAL' ? def.replication.keys : [])];
      for (const key of keys) {
        expect(Object.keys(entry.schema.properties ?? {})).toContain(key);
        const md = entry.metadata.find((m) => m.breadcrumb[0] === 'properties' && m.breadcrumb[1] === key);
        expect(md?.metadata.inclusion).toBe('automatic');
      }
    }
  });
});
