import { CatalogError } from '../../src/common/errors';
import type { JsonSchema } from '../../src/common/json';
import { buildCatalogEntry, parseCatalog, resolveSelection } from '../../src/singer/catalog';
import type { Catalog, CatalogEntry } from '../../src/singer/types';
import type { StreamDefinition } from '../../src/engine/contract';

const str: JsonSchema = { type: ['null', 'string'] };
const contactsDef: StreamDefinition = {
  name: 'contacts',
  keyProperties: ['id'],
  replication: { method: 'INCREMENTAL', keys: ['updated_at', 'created_at'] },
  selectedByDefault: true,
  endpoint: 'POST /contacts/search',
};
const adminsDef: StreamDefinition = { name: 'admins', keyProperties: ['id'], replication: { method: 'FULL_TABLE' }, selectedByDefault: false, endpoint: 'GET /admins' };
const notesDef: StreamDefinition = {
  name: 'notes',
  keyProperties: ['contact_id', 'id'],
  replication: { method: 'INCREMENTAL', keys: [] },
  selectedByDefault: false,
  endpoint: 'GET /contacts/{id}/notes',
  parent: 'contacts',
};
const defs = [adminsDef, contactsDef, notesDef];
const contactsSchema: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, updated_at: str, created_at: str, name: str, email: str, secret: str },
};
const schemas: Record<string, JsonSchema> = {
  contacts: contactsSchema,
  admins: { type: 'object', properties: { id: { type: 'string' }, name: str } },
  notes: { type: 'object', properties: { id: { type: 'string' }, contact_id: { type: 'string' }, body: str } },
};

function catalog(): Catalog {
  return structuredClone({ streams: defs.map((d) => buildCatalogEntry(d, schemas[d.name] as JsonSchema)) });
}
function entry(c: Catalog, name: string): CatalogEntry {
  return c.streams.find((s) => s.tap_stream_id === name) as CatalogEntry;
}
function md(e: CatalogEntry, breadcrumb: string[]): Record<string, unknown> {
  return e.metadata.find((m) => JSON.stringify(m.breadcrumb) === JSON.stringify(breadcrumb))?.metadata as Record<string, unknown>;
}
function select(c: Catalog, stream: string, selected: boolean, field?: string): void {
  const e = entry(c, stream);
  const bc = field ? ['properties', field] : [];
  const m = e.metadata.find((x) => JSON.stringify(x.breadcrumb) === JSON.stringify(bc));
  if (m) m.metadata.selected = selected;
  else e.metadata.push({ breadcrumb: bc, metadata: { selected } });
}

describe('buildCatalogEntry', () => {
  it('writes standard stream metadata and legacy top-level keys', () => {
    const e = buildCatalogEntry(contactsDef, contactsSchema);
    expect(e).toMatchObject({ tap_stream_id: 'contacts', stream: 'contacts', key_properties: ['id'], replication_key: 'updated_at', replication_method: 'INCREMENTAL' });
    expect(md(e, [])).toEqual({
      inclusion: 'available',
      'selected-by-default': true,
      'table-key-properties': ['id'],
      'valid-replication-keys': ['updated_at', 'created_at'],
      'forced-replication-method': 'INCREMENTAL',
    });
    expect(e.metadata).toHaveLength(1 + 6);
    expect(md(e, ['properties', 'id'])).toEqual({ inclusion: 'automatic' });
    expect(md(e, ['properties', 'updated_at'])).toEqual({ inclusion: 'automatic' });
    expect(md(e, ['properties', 'created_at'])).toEqual({ inclusion: 'automatic' });
    expect(md(e, ['properties', 'name'])).toEqual({ inclusion: 'available' });
  });

  it('names the parent of a child stream and has no replication key for it', () => {
    const e = buildCatalogEntry(notesDef, schemas.notes as JsonSchema);
    expect(md(e, [])['parent-tap-stream-id']).toBe('contacts');
    expect(e).not.toHaveProperty('replication_key');
    expect(md(e, ['properties', 'contact_id'])).toEqual({ inclusion: 'automatic' });
  });
});

describe('parseCatalog', () => {
  const parseFails = (text: string): string => {
    try {
      parseCatalog(text, 'cat.json', defs);
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogError);
      return (err as Error).message;
    }
    throw new Error('expected CatalogError');
  };

  it('accepts a built catalog', () => {
    const c = catalog();
    expect(parseCatalog(JSON.stringify(c), 'cat.json', defs)).toEqual(c);
  });

  it('names the file and the key of each problem', () => {
    expect(parseFails('{')).toMatch(/^catalog cat\.json: not valid JSON/);
    expect(parseFails('[]')).toBe('catalog cat.json: must be a JSON object');
    expect(parseFails('{"streams": {}}')).toBe('catalog cat.json: streams: must be an array of catalog entries');
    expect(parseFails('{"streams": [{"schema": {}}]}')).toBe('catalog cat.json: streams[0].tap_stream_id: is required');
    expect(parseFails('{"streams": [{"tap_stream_id": "admin_list", "schema": {}, "metadata": [{"breadcrumb": [], "metadata": {"selected": true}}]}]}')).toBe(
      'catalog cat.json: streams[0] (admin_list).tap_stream_id: unknown stream "admin_list" is selected (closest stream of this tap: admins)',
    );
    expect(parseFails('{"streams": [{"tap_stream_id": "admins"}]}')).toBe('catalog cat.json: streams[0] (admins).schema: is required (an object)');
  });

  it("drops streams of other taps that are not selected, with one note (singer-io's admin_list)", () => {
    const c = catalog();
    const foreign = (id: string, selected?: boolean): Record<string, unknown> => ({
      tap_stream_id: id, stream: id, schema: { type: 'object', properties: {} },
      metadata: [{ breadcrumb: [], metadata: selected === undefined ? { inclusion: 'available' } : { selected } }],
    });
    const notes: string[] = [];
    const parsed = parseCatalog(JSON.stringify({ streams: [foreign('admin_list', false), ...c.streams, foreign('company_attribute_list')] }), 'cat.json', defs, notes);
    expect(parsed).toEqual(c);
    expect(notes).toEqual(['catalog cat.json: streams admin_list, company_attribute_list (not selected) are not streams of this tap: ignored']);
    expect(parseFails(JSON.stringify({ streams: [...c.streams, foreign('contact', true)] }))).toBe(
      `catalog cat.json: streams[${c.streams.length}] (contact).tap_stream_id: unknown stream "contact" is selected (closest stream of this tap: contacts)`,
    );
  });

  it('rejects a replication key not in the schema, not valid, or a bad method', () => {
    const c = catalog();
    (md(entry(c, 'contacts'), []) as Record<string, unknown>)['replication-key'] = 'name';
    expect(parseFails(JSON.stringify(c))).toBe(
      'catalog cat.json: streams[1] (contacts).replication-key: "name" is not valid for contacts (valid: updated_at, created_at)',
    );
    (md(entry(c, 'contacts'), []) as Record<string, unknown>)['replication-key'] = 'missing';
    expect(parseFails(JSON.stringify(c))).toBe('catalog cat.json: streams[1] (contacts).replication-key: "missing" is not in the schema');
    (md(entry(c, 'contacts'), []) as Record<string, unknown>)['replication-key'] = 'created_at';
    (md(entry(c, 'admins'), []) as Record<string, unknown>)['replication-method'] = 'LOG_BASED';
    expect(parseFails(JSON.stringify(c))).toBe('catalog cat.json: streams[0] (admins).replication-method: must be FULL_TABLE or INCREMENTAL');
    (md(entry(c, 'admins'), []) as Record<string, unknown>)['replication-method'] = 'INCREMENTAL';
    expect(parseFails(JSON.stringify(c))).toBe('catalog cat.json: streams[0] (admins).replication-method: admins supports only FULL_TABLE');
  });
});

describe('resolveSelection', () => {
  const names = (c: Catalog | null): string[] => resolveSelection(c, defs).map((s) => s.name);

  it('falls back to selected-by-default only when selected is absent', () => {
    const c = catalog();
    expect(names(c)).toEqual(['contacts']);
    select(c, 'contacts', false);
    select(c, 'admins', true);
    expect(names(c)).toEqual(['admins']);
  });

  it('counts the deprecated schema-level selected: true', () => {
    const c = catalog();
    entry(c, 'admins').schema.selected = true;
    expect(names(c)).toEqual(['admins', 'contacts']);
    const sel = resolveSelection(c, defs).find((s) => s.name === 'admins');
    expect(sel?.schema).not.toHaveProperty('selected');
  });

  it('never selects an unsupported stream or one missing from the catalog', () => {
    const c = catalog();
    select(c, 'admins', true);
    (md(entry(c, 'admins'), []) as Record<string, unknown>).inclusion = 'unsupported';
    c.streams = c.streams.filter((s) => s.tap_stream_id !== 'contacts');
    expect(names(c)).toEqual([]);
  });

  it('selects fields by selected, always keeps automatic fields, never unsupported ones', () => {
    const c = catalog();
    const e = entry(c, 'contacts');
    select(c, 'contacts', true);
    select(c, 'contacts', false, 'id'); // automatic: Meltano may mark it false
    select(c, 'contacts', false, 'updated_at');
    select(c, 'contacts', false, 'email');
    select(c, 'contacts', true, 'name');
    (md(e, ['properties', 'secret']) as Record<string, unknown>).inclusion = 'unsupported';
    (md(e, ['properties', 'secret']) as Record<string, unknown>).selected = true;
    const [sel] = resolveSelection(c, defs);
    expect(sel?.fields).toEqual(['id', 'updated_at', 'created_at', 'name']);
    expect(Object.keys(sel?.schema.properties ?? {})).toEqual(['id', 'updated_at', 'created_at', 'name']);
    expect(sel).toMatchObject({ replicationMethod: 'INCREMENTAL', replicationKey: 'updated_at', keyProperties: ['id'] });
  });

  it('emits a field with no metadata entry or no selected when its stream is selected, unless selected-by-default is false', () => {
    const c = catalog();
    const e = entry(c, 'contacts');
    e.metadata = e.metadata.filter((m) => JSON.stringify(m.breadcrumb) !== '["properties","name"]');
    (md(e, ['properties', 'email']) as Record<string, unknown>)['selected-by-default'] = false;
    expect(resolveSelection(c, defs)[0]?.fields).toEqual(['id', 'updated_at', 'created_at', 'name', 'secret']);
  });

  it('honours replication-method and replication-key overrides and always emits the chosen key', () => {
    const c = catalog();
    const e = entry(c, 'contacts');
    (md(e, []) as Record<string, unknown>)['replication-key'] = 'created_at';
    (md(e, ['properties', 'created_at']) as Record<string, unknown>).inclusion = 'available';
    select(c, 'contacts', false, 'created_at');
    expect(resolveSelection(c, defs)[0]).toMatchObject({ replicationMethod: 'INCREMENTAL', replicationKey: 'created_at' });
    expect(resolveSelection(c, defs)[0]?.fields).toContain('created_at');
    (md(e, []) as Record<string, unknown>)['replication-method'] = 'FULL_TABLE';
    const full = resolveSelection(c, defs)[0];
    expect(full?.replicationMethod).toBe('FULL_TABLE');
    expect(full).not.toHaveProperty('replicationKey');
  });

  it('rejects a replication-key override that is not in the schema', () => {
    const c = catalog();
    (md(entry(c, 'contacts'), []) as Record<string, unknown>)['replication-key'] = 'nope';
    expect(() => resolveSelection(c, defs, 'x.json')).toThrow('catalog x.json: streams (contacts).replication-key: "nope" is not in the schema');
  });

  it('keeps registry order and names the parent of a selected child without a key of its own', () => {
    const c = catalog();
    select(c, 'notes', true);
    const sel = resolveSelection(c, defs);
    expect(sel.map((s) => s.name)).toEqual(['contacts', 'notes']);
    expect(sel[1]).toMatchObject({ parent: 'contacts', replicationMethod: 'INCREMENTAL' });
    expect(sel[1]).not.toHaveProperty('replicationKey');
  });

  it('with no catalog selects the streams selected by default with all fields', () => {
    const sel = resolveSelection(null, defs, 'catalog', (d) => schemas[d.name] as JsonSchema);
    expect(sel.map((s) => s.name)).toEqual(['contacts']);
    expect(sel[0]?.fields).toEqual(Object.keys(contactsSchema.properties ?? {}));
  });
});
