/**
 * Which endpoint of the official spec each stream reads, and the top-level fields that endpoint's
 * records carry: in the record's component schema (properties through `$ref`, `allOf` and `anyOf`) and
 * in every response example. Used by spec-examples.test.ts (no field Intercom sends is missing from our
 * schemas) and by the drift test (a field the fake sends that no schema names).
 */
import { loadSpec, responseExamples, responseSchemaFor, validateComponent, type SchemaObject, type SpecVersion } from '../fake-intercom/openapi';

export const SPEC_VERSIONS: SpecVersion[] = ['2.11', '2.16'];

export interface StreamEndpoint {
  method: 'GET' | 'POST';
  /** Spec path template. */
  template: string;
  /** Where the records are in the body: a key path (`['conversation_parts', 'conversation_parts']`); `[]` = the body is the record. */
  list: string[];
  /** Only these versions (where the list key differs between versions); default every version that has the operation. */
  versions?: SpecVersion[];
  /** The response component to read instead of the declared one (GET /events declares the summary, docs/intercom-api.md §2.9). */
  component?: string;
}

/**
 * Every stream we read from the spec's endpoints. `counts` reads the legacy GET /counts, which no
 * numbered spec has (docs/intercom-api.md §2.6).
 */
export const STREAM_ENDPOINTS: Record<string, StreamEndpoint[]> = {
  admins: [{ method: 'GET', template: '/admins', list: ['admins'] }],
  teams: [{ method: 'GET', template: '/teams', list: ['teams'] }],
  tags: [{ method: 'GET', template: '/tags', list: ['data'] }],
  segments: [{ method: 'GET', template: '/segments', list: ['segments'] }],
  company_segments: [{ method: 'GET', template: '/segments', list: ['segments'] }],
  company_attributes: [{ method: 'GET', template: '/data_attributes', list: ['data'] }],
  contact_attributes: [{ method: 'GET', template: '/data_attributes', list: ['data'] }],
  contacts: [
    { method: 'POST', template: '/contacts/search', list: ['data'] },
    { method: 'GET', template: '/contacts/{contact_id}', list: [] },
  ],
  contact_companies: [{ method: 'GET', template: '/contacts/{contact_id}/companies', list: ['data'] }],
  contact_tags: [{ method: 'GET', template: '/contacts/{contact_id}/tags', list: ['data'] }],
  contact_segments: [{ method: 'GET', template: '/contacts/{contact_id}/segments', list: ['data'] }],
  notes: [
    { method: 'GET', template: '/contacts/{contact_id}/notes', list: ['data'] },
    { method: 'GET', template: '/notes/{note_id}', list: [] },
  ],
  companies: [
    { method: 'GET', template: '/companies/scroll', list: ['data'] },
    { method: 'POST', template: '/companies/list', list: ['data'] },
  ],
  company_contacts: [{ method: 'GET', template: '/companies/{company_id}/contacts', list: ['data'] }],
  conversations: [{ method: 'POST', template: '/conversations/search', list: ['conversations'] }],
  conversation_parts: [{ method: 'GET', template: '/conversations/{conversation_id}', list: ['conversation_parts', 'conversation_parts'] }],
  tickets: [{ method: 'POST', template: '/tickets/search', list: ['tickets'] }],
  activity_logs: [{ method: 'GET', template: '/admins/activity_logs', list: ['activity_logs'] }],
  events: [{ method: 'GET', template: '/events', list: ['events'], component: 'data_event_list' }],
  help_center_collections: [{ method: 'GET', template: '/help_center/collections', list: ['data'] }],
  help_center_articles: [{ method: 'GET', template: '/articles', list: ['data'] }],
  // Streams of issue 13 (2.16): checked once their schema files exist (schemas/streams/<name>.json).
  deleted_conversations: [{ method: 'GET', template: '/conversations/deleted', list: ['conversations'] }],
  conversation_attributes: [
    { method: 'GET', template: '/conversations/attributes', list: ['data'], versions: ['2.16'] },
    { method: 'GET', template: '/data_attributes', list: ['data'], versions: ['2.11'] },
  ],
  ticket_types: [
    { method: 'GET', template: '/ticket_types', list: ['ticket_types'], versions: ['2.11'] },
    { method: 'GET', template: '/ticket_types', list: ['data'], versions: ['2.16'] },
  ],
  ticket_states: [{ method: 'GET', template: '/ticket_states', list: ['data'] }],
  company_notes: [{ method: 'GET', template: '/companies/{company_id}/notes', list: ['data'] }],
  ticket_parts: [{ method: 'GET', template: '/tickets/{ticket_id}', list: ['ticket_parts', 'ticket_parts'] }],
};

/**
 * Fields of a spec record that a stream leaves to another stream on purpose (never dropped: read there).
 */
export const READ_ELSEWHERE: Record<string, Record<string, string>> = {
  conversations: { conversation_parts: 'conversation_parts stream (GET /conversations/{id})' },
};

/**
 * Link streams (contact_id, id, type): the linked object's other fields are read by the stream named
 * here, whose schema must have them.
 */
export const LINK_STREAMS: Record<string, string> = {
  contact_tags: 'tags',
  contact_companies: 'companies',
};

function isObject(v: unknown): v is SchemaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Property names of a converted schema, through `$ref`, `allOf`, `anyOf` (cycles cut). */
export function propertyNames(version: SpecVersion, schema: unknown, seen: Set<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (!isObject(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const name = ref.slice(ref.lastIndexOf('/') + 1);
      if (seen.has(name)) return;
      seen.add(name);
      visit(loadSpec(version).definitions[name]);
      return;
    }
    if (isObject(node['properties'])) for (const k of Object.keys(node['properties'])) out.add(k);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const parts = node[key];
      if (Array.isArray(parts)) for (const p of parts) visit(p);
    }
  };
  visit(schema);
  return out;
}

/** The sub-schema of `key` in a converted object schema (through `$ref`, `allOf`, `anyOf`), else undefined. */
function propertySchema(version: SpecVersion, schema: unknown, key: string): unknown {
  if (!isObject(schema)) return undefined;
  const ref = schema['$ref'];
  if (typeof ref === 'string') return propertySchema(version, loadSpec(version).definitions[ref.slice(ref.lastIndexOf('/') + 1)], key);
  const props = schema['properties'];
  if (isObject(props) && key in props) return props[key];
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const parts = schema[k];
    if (!Array.isArray(parts)) continue;
    for (const p of parts) {
      const found = propertySchema(version, p, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The items schema of an array schema (through `$ref` and `anyOf` with null). */
function itemsOf(version: SpecVersion, schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  const ref = schema['$ref'];
  if (typeof ref === 'string') return itemsOf(version, loadSpec(version).definitions[ref.slice(ref.lastIndexOf('/') + 1)]);
  if (schema['items'] !== undefined) return schema['items'];
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const parts = schema[k];
    if (!Array.isArray(parts)) continue;
    for (const p of parts) {
      const found = itemsOf(version, p);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The response schema of one endpoint, or undefined when the version lacks the operation. */
function responseSchema(version: SpecVersion, endpoint: StreamEndpoint): unknown {
  if (endpoint.component !== undefined) {
    validateComponent(version, endpoint.component, {}); // throws when the version lacks the component
    return { $ref: `#/definitions/${endpoint.component}` };
  }
  return responseSchemaFor(version, endpoint.method, endpoint.template, 200)?.schema;
}

/** The version's spec declares this very operation (not another whose template matches, e.g. `/conversations/{id}` for `/conversations/deleted`). */
export function hasEndpoint(version: SpecVersion, endpoint: StreamEndpoint): boolean {
  if (endpoint.versions !== undefined && !endpoint.versions.includes(version)) return false;
  return isObject(loadSpec(version).paths[endpoint.template]?.[endpoint.method.toLowerCase()]) && responseSchemaFor(version, endpoint.method, endpoint.template, 200) !== undefined;
}

/** Top-level field names of the records of `endpoint` in its component schemas. */
export function componentFields(version: SpecVersion, endpoint: StreamEndpoint): Set<string> {
  let schema = responseSchema(version, endpoint);
  endpoint.list.forEach((key, i) => {
    schema = propertySchema(version, schema, key);
    // The last key holds the record array; an intermediate key may be a list object (conversation_parts).
    if (i === endpoint.list.length - 1) schema = itemsOf(version, schema);
  });
  if (schema === undefined) throw new Error(`${version} ${endpoint.method} ${endpoint.template}: no record schema at ${endpoint.list.join('.')}`);
  return propertyNames(version, schema);
}

/** The records of a body at the endpoint's list path. */
export function recordsOf(body: unknown, list: readonly string[]): Record<string, unknown>[] {
  if (list.length === 0) return isObject(body) ? [body] : [];
  let node: unknown = body;
  for (const key of list) node = isObject(node) ? node[key] : undefined;
  return Array.isArray(node) ? node.filter(isObject) : [];
}

/** Top-level field names of the records in the endpoint's 200 examples, each with the example names it occurs in. */
export function exampleFields(version: SpecVersion, endpoint: StreamEndpoint): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(responseExamples(version, endpoint.method, endpoint.template, '200'))) {
    for (const record of recordsOf(value, endpoint.list)) {
      for (const field of Object.keys(record)) out.set(field, [...new Set([...(out.get(field) ?? []), name])]);
    }
  }
  return out;
}

/** The component a record schema is (`$ref`, or `allOf` with one `$ref`), else undefined. */
function componentName(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema['$ref'];
  if (typeof ref === 'string') return ref.slice(ref.lastIndexOf('/') + 1);
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) for (const part of allOf) {
    const name = componentName(part);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The component of the endpoint's records (`contact` for POST /contacts/search), else undefined. */
export function recordComponent(version: SpecVersion, endpoint: StreamEndpoint): string | undefined {
  let schema = responseSchema(version, endpoint);
  endpoint.list.forEach((key, i) => {
    schema = propertySchema(version, schema, key);
    if (i === endpoint.list.length - 1) schema = itemsOf(version, schema);
  });
  return componentName(schema);
}

const byComponent = new Map<SpecVersion, Map<string, Map<string, string[]>>>();

/**
 * For every component, the top-level fields of the example objects that stand for it anywhere in the
 * spec (every operation's response examples, walked beside their schemas: `$ref`, `allOf`, an
 * unambiguous `anyOf`, `properties`, `items`), each with the operations whose examples carry it.
 */
export function exampleFieldsByComponent(version: SpecVersion): Map<string, Map<string, string[]>> {
  const cached = byComponent.get(version);
  if (cached) return cached;
  const out = new Map<string, Map<string, string[]>>();
  const definitions = loadSpec(version).definitions;
  const walk = (schema: unknown, value: unknown, where: string, depth: number): void => {
    if (!isObject(schema) || depth > 40) return;
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const name = ref.slice(ref.lastIndexOf('/') + 1);
      if (isObject(value)) {
        const fields = out.get(name) ?? new Map<string, string[]>();
        for (const k of Object.keys(value)) fields.set(k, [...new Set([...(fields.get(k) ?? []), where])]);
        out.set(name, fields);
      }
      walk(definitions[name], value, where, depth + 1);
      return;
    }
    for (const part of Array.isArray(schema['allOf']) ? schema['allOf'] : []) walk(part, value, where, depth + 1);
    const alternatives = [...(Array.isArray(schema['anyOf']) ? schema['anyOf'] : []), ...(Array.isArray(schema['oneOf']) ? schema['oneOf'] : [])];
    const objects = alternatives.filter((a) => isObject(a) && a['type'] !== 'null' && a['type'] !== 'string' && a['type'] !== 'integer' && a['type'] !== 'boolean');
    if (objects.length === 1) walk(objects[0], value, where, depth + 1);
    if (isObject(value)) {
      const props = schema['properties'];
      if (isObject(props)) for (const [k, v] of Object.entries(value)) walk(props[k], v, where, depth + 1);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(schema['items'], item, where, depth + 1);
    }
  };
  for (const [template, ops] of Object.entries(loadSpec(version).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = isObject(op) ? op['responses'] : undefined;
      if (!isObject(responses)) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith('2')) continue;
        const schema = responseSchemaFor(version, method, template, status)?.schema;
        for (const [name, example] of Object.entries(responseExamples(version, method, template, status))) {
          walk(schema, example, `${method.toUpperCase()} ${template} (${name})`, 0);
        }
      }
    }
  }
  byComponent.set(version, out);
  return out;
}

/**
 * Every top-level field the records of `endpoint` carry in the spec: the record component's properties,
 * the endpoint's own examples, and every example of that component elsewhere in the spec. Each field
 * comes with where it was seen.
 */
export function specFields(version: SpecVersion, endpoint: StreamEndpoint): Map<string, string> {
  const out = new Map<string, string>();
  const component = recordComponent(version, endpoint);
  for (const f of componentFields(version, endpoint)) out.set(f, `components.schemas${component ? `.${component}` : ` (${endpoint.template})`}`);
  for (const [f, names] of exampleFields(version, endpoint)) if (!out.has(f)) out.set(f, `example ${names.join(', ')}`);
  if (component !== undefined) {
    for (const [f, where] of exampleFieldsByComponent(version).get(component) ?? []) if (!out.has(f)) out.set(f, `${component} example in ${where[0]}`);
  }
  return out;
}

/** The concrete alternatives of a converted schema (through `$ref`, `allOf`, `anyOf`, `oneOf`). */
function alternatives(version: SpecVersion, schema: unknown, depth = 0): SchemaObject[] {
  if (!isObject(schema) || depth > 20) return [];
  const ref = schema['$ref'];
  if (typeof ref === 'string') return alternatives(version, loadSpec(version).definitions[ref.slice(ref.lastIndexOf('/') + 1)], depth + 1);
  const out = [schema];
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const parts = schema[k];
    if (Array.isArray(parts)) for (const p of parts) out.push(...alternatives(version, p, depth + 1));
  }
  return out;
}

const typesOf = (s: SchemaObject): string[] => {
  const t = s['type'];
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
};

export interface OurSchema {
  type?: string | string[];
  properties?: Record<string, OurSchema>;
  items?: OurSchema;
}

/**
 * Id-ish fields (`id`, `*_id`) at any depth whose spec type our schema does not accept, walking our
 * schema beside the record component: `path: spec type vs ours`.
 */
export function idTypeMismatches(version: SpecVersion, endpoint: StreamEndpoint, ours: OurSchema): string[] {
  const component = recordComponent(version, endpoint);
  if (component === undefined) return [];
  const out = new Set<string>();
  const walk = (mine: OurSchema, spec: SchemaObject[], at: string, depth: number): void => {
    if (depth > 8) return;
    for (const [key, prop] of Object.entries(mine.properties ?? {})) {
      const sub = spec.flatMap((a) => (isObject(a['properties']) && a['properties'][key] !== undefined ? alternatives(version, a['properties'][key]) : []));
      if (sub.length === 0) continue;
      const path = at === '' ? key : `${at}.${key}`;
      if (/(^|_)id$/.test(key)) {
        const mineTypes = Array.isArray(prop.type) ? prop.type : prop.type !== undefined ? [prop.type] : [];
        for (const t of new Set(sub.flatMap(typesOf))) {
          if (t !== 'null' && !mineTypes.includes(t) && !(t === 'integer' && mineTypes.includes('number'))) out.add(`${path}: Intercom ${version} sends ${t}, schema has ${mineTypes.join('|')}`);
        }
      }
      walk(prop, sub, path, depth + 1);
      if (prop.items) walk(prop.items, sub.flatMap((s) => (s['items'] !== undefined ? alternatives(version, s['items']) : [])), `${path}[]`, depth + 1);
    }
  };
  walk(ours, alternatives(version, { $ref: `#/definitions/${component}` }), '', 0);
  return [...out];
}
