import { CatalogError } from '../common/errors';
import { isPlainObject, parseJsonText, readInputFile } from '../common/input-file';
import type { JsonSchema, JsonValue } from '../common/json';
import type { Catalog, CatalogEntry, MetadataEntry, StreamMeta, StreamSelection } from './types';

/** Replication keys the stream may use (valid-replication-keys). */
export function validReplicationKeys(def: StreamMeta): string[] {
  return def.replication.method === 'INCREMENTAL' ? [...def.replication.keys] : [];
}

/** A catalog entry with the standard Singer metadata for the stream and each top-level property. */
export function buildCatalogEntry(def: StreamMeta, schema: JsonSchema): CatalogEntry {
  const keys = validReplicationKeys(def);
  const streamMetadata: Record<string, JsonValue> = {
    inclusion: 'available',
    'selected-by-default': def.selectedByDefault,
    'table-key-properties': [...def.keyProperties],
    'valid-replication-keys': keys,
    'forced-replication-method': def.replication.method,
  };
  if (def.parent) streamMetadata['parent-tap-stream-id'] = def.parent;
  const automatic = new Set([...def.keyProperties, ...keys]);
  const metadata: MetadataEntry[] = [{ breadcrumb: [], metadata: streamMetadata }];
  for (const name of Object.keys(schema.properties ?? {})) {
    metadata.push({
      breadcrumb: ['properties', name],
      metadata: { inclusion: automatic.has(name) ? 'automatic' : 'available' },
    });
  }
  const entry: CatalogEntry = {
    tap_stream_id: def.name,
    stream: def.name,
    schema,
    key_properties: [...def.keyProperties],
    replication_method: def.replication.method,
    metadata,
  };
  if (keys[0] !== undefined) entry.replication_key = keys[0];
  return entry;
}

function streamMetadata(entry: CatalogEntry): Record<string, JsonValue> {
  return entry.metadata.find((m) => m.breadcrumb.length === 0)?.metadata ?? {};
}

function fieldMetadata(entry: CatalogEntry, field: string): Record<string, JsonValue> | undefined {
  return entry.metadata.find((m) => m.breadcrumb.length === 2 && m.breadcrumb[0] === 'properties' && m.breadcrumb[1] === field)
    ?.metadata;
}

interface Replication {
  method: 'FULL_TABLE' | 'INCREMENTAL';
  key?: string;
}

/** Replication method and key of an entry (metadata overrides, then legacy top-level keys, then the stream's own). */
function replicationOf(entry: CatalogEntry, def: StreamMeta, where: string, issues: string[]): Replication | undefined {
  const md = streamMetadata(entry);
  const method = md['replication-method'] ?? entry.replication_method ?? def.replication.method;
  if (method !== 'FULL_TABLE' && method !== 'INCREMENTAL') {
    issues.push(`${where}.replication-method: must be FULL_TABLE or INCREMENTAL`);
    return undefined;
  }
  if (method === 'FULL_TABLE') return { method };
  const valid = validReplicationKeys(def);
  if (def.replication.method === 'FULL_TABLE') {
    issues.push(`${where}.replication-method: ${def.name} supports only FULL_TABLE`);
    return undefined;
  }
  const key = md['replication-key'] ?? entry.replication_key ?? valid[0];
  // Child streams without a timestamp follow their parent's bookmark: no key of their own.
  if (key === undefined && valid.length === 0) return { method };
  if (typeof key !== 'string') {
    issues.push(`${where}.replication-key: must be a string`);
    return undefined;
  }
  if (!(key in (entry.schema.properties ?? {}))) {
    issues.push(`${where}.replication-key: "${key}" is not in the schema`);
    return undefined;
  }
  if (!valid.includes(key)) {
    issues.push(`${where}.replication-key: "${key}" is not valid for ${def.name} (valid: ${valid.join(', ') || 'none'})`);
    return undefined;
  }
  return { method, key };
}

/** Edit distance (insertions, deletions, substitutions) between two names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    row = next;
  }
  return row[b.length] as number;
}

/** A name in singular words: `companies` and `company` are the same stream to a reader. */
function singular(name: string): string {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.replace(/ies$/, 'y').replace(/s$/, ''))
    .join('_');
}

/** The stream of ours whose name is closest to `name` (another tap's `admin_list` -> `admins`). */
export function closestStream(name: string, defs: readonly StreamMeta[]): string | undefined {
  const a = singular(name);
  let best: { name: string; score: number } | undefined;
  for (const def of defs) {
    const b = singular(def.name);
    // The same words, then one name within the other, then spelling distance.
    const score = a === b ? 0 : a.includes(b) || b.includes(a) ? 1 + Math.abs(a.length - b.length) / 100 : 2 + distance(a, b);
    if (!best || score < best.score) best = { name: def.name, score };
  }
  return best?.name;
}

/**
 * Parses a catalog file and checks every entry. Streams this tap does not have are dropped with one
 * note (catalogs of other taps list them) unless they are selected: a selected unknown stream is an
 * error naming the closest stream we have. Throws one CatalogError listing every problem.
 */
export function parseCatalog(text: string, file: string, defs: readonly StreamMeta[], notes: string[] = []): Catalog {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new CatalogError(file, [parsed.issue]);
  if (!isPlainObject(parsed.value)) throw new CatalogError(file, ['must be a JSON object']);
  const streams = parsed.value.streams;
  if (!Array.isArray(streams)) throw new CatalogError(file, ['streams: must be an array of catalog entries']);
  const issues: string[] = [];
  const seen = new Set<string>();
  const ignored: string[] = [];
  const known: unknown[] = [];
  streams.forEach((raw: unknown, i) => {
    const where = `streams[${i}]`;
    if (!isPlainObject(raw)) {
      issues.push(`${where}: must be an object`);
      return;
    }
    const id = raw.tap_stream_id;
    if (typeof id !== 'string' || id === '') {
      issues.push(`${where}.tap_stream_id: is required`);
      return;
    }
    const named = `${where} (${id})`;
    const def = defs.find((d) => d.name === id);
    if (!def) {
      const unknown = { tap_stream_id: id, stream: id, schema: isPlainObject(raw.schema) ? raw.schema : {}, metadata: Array.isArray(raw.metadata) ? raw.metadata : [] };
      if (isStreamSelected(unknown as CatalogEntry, { name: id, keyProperties: [], replication: { method: 'FULL_TABLE' }, selectedByDefault: false })) {
        const closest = closestStream(id, defs);
        issues.push(`${named}.tap_stream_id: unknown stream "${id}" is selected${closest ? ` (closest stream of this tap: ${closest})` : ''}`);
      } else ignored.push(id);
      return;
    }
    known.push(raw);
    if (seen.has(id)) issues.push(`${named}.tap_stream_id: duplicate stream`);
    seen.add(id);
    if (!isPlainObject(raw.schema)) issues.push(`${named}.schema: is required (an object)`);
    else if (raw.schema.properties !== undefined && !isPlainObject(raw.schema.properties))
      issues.push(`${named}.schema.properties: must be an object`);
    const metadata = raw.metadata ?? [];
    if (!Array.isArray(metadata)) issues.push(`${named}.metadata: must be an array`);
    else
      metadata.forEach((m: unknown, j) => {
        if (!isPlainObject(m) || !Array.isArray(m.breadcrumb) || !isPlainObject(m.metadata))
          issues.push(`${named}.metadata[${j}]: must be {"breadcrumb": [...], "metadata": {...}}`);
      });
    if (def && isPlainObject(raw.schema) && Array.isArray(metadata) && !issues.some((x) => x.startsWith(named))) {
      const entry = { ...raw, metadata } as unknown as CatalogEntry;
      if (!entry.stream) entry.stream = id;
      replicationOf(entry, def, named, issues);
    }
  });
  if (issues.length > 0) throw new CatalogError(file, issues);
  if (ignored.length > 0) {
    const one = ignored.length === 1;
    notes.push(`catalog ${file}: ${one ? 'stream' : 'streams'} ${ignored.join(', ')} (not selected) ${one ? 'is not a stream' : 'are not streams'} of this tap: ignored`);
  }
  return { ...(parsed.value as unknown as Catalog), streams: known as CatalogEntry[] };
}

function isStreamSelected(entry: CatalogEntry, def: StreamMeta): boolean {
  const md = streamMetadata(entry);
  if (md.inclusion === 'unsupported') return false;
  if (typeof md.selected === 'boolean') return md.selected;
  if (entry.schema.selected === true) return true; // deprecated schema-level selection
  if (typeof md['selected-by-default'] === 'boolean') return md['selected-by-default'];
  return def.selectedByDefault;
}

/**
 * Whether a top-level field is emitted, with Meltano's rules: `unsupported` never; `automatic`, key
 * properties and the replication key always (even with `selected: false`); otherwise `selected`, and
 * when a field has no `selected` (or no metadata entry at all) its `selected-by-default`, else yes:
 * an available field of a selected stream is emitted unless deselected.
 */
function isFieldSelected(entry: CatalogEntry, field: string, always: ReadonlySet<string>): boolean {
  const md = fieldMetadata(entry, field);
  if (md?.inclusion === 'unsupported') return false;
  if (md?.inclusion === 'automatic' || always.has(field)) return true;
  if (typeof md?.selected === 'boolean') return md.selected;
  if (typeof md?.['selected-by-default'] === 'boolean') return md['selected-by-default'];
  return true;
}

function pruneSchema(schema: JsonSchema, fields: readonly string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const f of fields) {
    const p = schema.properties?.[f];
    if (p) properties[f] = p;
  }
  const out: JsonSchema = { ...schema, properties };
  delete out.selected;
  if (schema.required) out.required = schema.required.filter((r) => fields.includes(r));
  return out;
}

/**
 * The selected streams in registry order (parents before children). With no catalog, the streams
 * selected by default with the schemas given (or none). `schema` holds only the emitted fields.
 */
export function resolveSelection(
  catalog: Catalog | null,
  defs: readonly StreamMeta[],
  file = 'catalog',
  defaultSchemas?: (def: StreamMeta) => JsonSchema,
): StreamSelection[] {
  const issues: string[] = [];
  const out: StreamSelection[] = [];
  for (const def of defs) {
    let entry: CatalogEntry | undefined;
    if (catalog) entry = catalog.streams.find((s) => s.tap_stream_id === def.name);
    else if (def.selectedByDefault && defaultSchemas) entry = buildCatalogEntry(def, defaultSchemas(def));
    if (!entry || !isStreamSelected(entry, def)) continue;
    const replication = replicationOf(entry, def, `streams (${def.name})`, issues);
    if (!replication) continue;
    const always = new Set<string>([...def.keyProperties, ...(replication.key ? [replication.key] : [])]);
    const fields = Object.keys(entry.schema.properties ?? {}).filter((f) => isFieldSelected(entry as CatalogEntry, f, always));
    const selection: StreamSelection = {
      name: def.name,
      schema: pruneSchema(entry.schema, fields),
      keyProperties: [...def.keyProperties],
      replicationMethod: replication.method,
      fields,
    };
    if (replication.key) selection.replicationKey = replication.key;
    if (def.parent) selection.parent = def.parent;
    out.push(selection);
  }
  if (issues.length > 0) throw new CatalogError(file, issues);
  return out;
}

/**
 * Reads and checks a catalog file (`--catalog`). Every selection problem now, before any work: a
 * catalog that selects nothing is a mistake (a run that syncs nothing and exits 0 would hide it).
 */
export function readCatalogFile(file: string, defs: readonly StreamMeta[], notes: string[] = []): Catalog {
  const read = readInputFile(file);
  if (!read.ok) throw new CatalogError(file, [read.issue]);
  const catalog = parseCatalog(read.text, file, defs, notes);
  if (catalog.streams.length === 0) throw new CatalogError(file, ['streams: is empty, expected at least one stream']);
  if (resolveSelection(catalog, defs, file).length === 0)
    throw new CatalogError(file, ['streams: no stream is selected, expected "selected": true in the metadata of at least one stream (breadcrumb [])']);
  return catalog;
}
