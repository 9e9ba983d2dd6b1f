/**
 * Validate JSON bodies against Intercom's official OpenAPI 3.0 descriptions (vendor/intercom-openapi).
 *
 * The component schemas are converted to draft-07 JSON Schema for ajv:
 * - `nullable: true` adds `null` to `type` (and to `enum`); without a `type` the schema becomes
 *   `anyOf: [schema, {type: null}]`.
 * - `#/components/schemas/X` becomes `#/definitions/X` of one root schema per version.
 * - `oneOf` becomes `anyOf`. RELAXATION: the spec's alternatives overlap (few schemas declare `required`, none
 *   forbids extra properties), so an object usually matches several alternatives and a strict `oneOf`
 *   would reject valid bodies.
 * - Formats are not validated. RELAXATION: the spec writes `format: date-time` on integer Unix-second fields
 *   and `format: uri` on values that are relative or empty; no format would catch a real drift.
 * - Annotation keywords (`example`, `x-*`, `discriminator`, `readOnly`, `deprecated`, ...) are dropped.
 * Everything else (types, `required`, `enum`, `items`, `properties`, `additionalProperties`) is enforced.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export type SpecVersion = '2.11' | '2.16';
export type SchemaObject = Record<string, unknown>;

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

export interface OpenApiSpec {
  version: SpecVersion;
  /** The raw parsed YAML document. */
  document: SchemaObject;
  /** `paths` of the document: path template → method → operation. */
  paths: Record<string, Record<string, SchemaObject>>;
  /** Converted component schemas, by name. */
  definitions: Record<string, SchemaObject>;
  /** Component names referenced but not defined in the file (validated as `{}`). */
  missingRefs: string[];
  /** `component.property` pairs removed from `required` because the spec's own examples omit them. */
  waivedRequired: string[];
}

export interface ResponseSchema {
  /** The spec path template that matched, e.g. `/contacts/{contact_id}`. */
  template: string;
  /** The status key that matched (`'200'`, `'404'`, `'default'`). */
  status: string;
  /** The component the response schema is (or extends with `allOf`), else undefined. */
  component: string | undefined;
  /** The converted schema (refs point into the version's definitions). */
  schema: SchemaObject;
  validate(data: unknown): ValidationResult;
}

/** Intercom's official OpenAPI descriptions, vendored with their license and provenance (vendor/intercom-openapi/README.md). */
export const OPENAPI_DIR = path.resolve(__dirname, '..', '..', 'vendor', 'intercom-openapi');
const REF_PREFIX = '#/components/schemas/';
const DROPPED = new Set([
  'example',
  'examples',
  'discriminator',
  'readOnly',
  'writeOnly',
  'deprecated',
  'xml',
  'externalDocs',
  'nullable',
  'format',
]);

const specs = new Map<SpecVersion, OpenApiSpec>();
const ajvs = new Map<SpecVersion, Ajv>();
const validators = new Map<string, ValidateFunction>();

function isObject(v: unknown): v is SchemaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Convert one OpenAPI 3.0 schema object to draft-07 JSON Schema (see the file header). */
export function convertSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out['$ref'] = `#/definitions/${value.slice(REF_PREFIX.length)}`;
    } else if (key === 'properties' && isObject(value)) {
      // Property names are data, not keywords: convert each property's schema, keep every name.
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v)]));
    } else if (key === 'oneOf') {
      out['anyOf'] = convertSchema(value);
    } else if (key === 'enum' || key === 'required' || key === 'default' || key === 'const') {
      out[key] = value;
    } else {
      out[key] = convertSchema(value);
    }
  }
  if (node['nullable'] !== true) return out;
  if (typeof out['type'] === 'string' && !('$ref' in out)) {
    out['type'] = [out['type'], 'null'];
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * RELAXATIONS for documented spec inconsistencies (docs/intercom-api.md §4.10), applied to the converted schemas:
 * - `contact_attached_companies` names its array `companies` (2.11 even requires it) while the examples and the
 *   real API use `data`: either key is accepted, with the same item schema, and one of them is required.
 * - Custom attribute maps (`company.custom_attributes`: string values; the `custom_attributes` component:
 *   string|integer|datetime|object) accept any JSON value: their own examples hold booleans and floats, and
 *   data attributes are typed string|integer|float|boolean|date (docs/intercom-api.md §2.8).
 * - `data_event.metadata` (string values) accepts any value: event metadata may hold numbers and rich objects.
 * - `ticket.snoozed_until` is nullable: its description says "If null, the ticket is not currently snoozed".
 */
function applyOverrides(definitions: Record<string, SchemaObject>): void {
  const prop = (component: string, name: string): SchemaObject | undefined => {
    const props = definitions[component]?.['properties'];
    const value = isObject(props) ? props[name] : undefined;
    return isObject(value) ? value : undefined;
  };
  if (definitions['custom_attributes']) definitions['custom_attributes'] = { type: 'object' };
  for (const [component, name] of [['company', 'custom_attributes'], ['data_event', 'metadata']] as const) {
    const schema = prop(component, name);
    if (schema) delete schema['additionalProperties'];
  }
  const snoozed = prop('ticket', 'snoozed_until');
  if (snoozed && snoozed['type'] === 'integer') snoozed['type'] = ['integer', 'null'];
  const attached = definitions['contact_attached_companies'];
  const props = attached?.['properties'];
  if (attached && isObject(props) && props['companies'] !== undefined) {
    props['data'] = props['companies'];
    const required = Array.isArray(attached['required']) ? (attached['required'] as string[]) : [];
    attached['required'] = required.filter((r) => r !== 'companies');
    attached['anyOf'] = [{ required: ['data'] }, { required: ['companies'] }];
  }
}

/**
 * RELAXATION: a `required` property that the spec's own response examples omit is not enforced. The examples
 * are recorded from real answers; 2.11 declares `required` on 173 of 213 schemas and its examples break it
 * (admins without `job_title`, tags from GET /tags without `applied_at`, articles without `statistics`...).
 * `error` stays strict. Walks each example beside its schema (refs, allOf, an unambiguous anyOf, properties,
 * items) and mutates `definitions`.
 */
function waiveRequiredOmittedByExamples(paths: OpenApiSpec['paths'], definitions: Record<string, SchemaObject>): string[] {
  const waived = new Set<string>();
  const walk = (schema: unknown, value: unknown, name: string, depth: number): void => {
    if (!isObject(schema) || depth > 40) return;
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const target = ref.slice('#/definitions/'.length);
      walk(definitions[target], value, target, depth + 1);
      return;
    }
    for (const part of Array.isArray(schema['allOf']) ? schema['allOf'] : []) walk(part, value, name, depth + 1);
    const anyOf = Array.isArray(schema['anyOf']) ? schema['anyOf'] : [];
    const objectAlternatives = anyOf.filter((a) => !(isObject(a) && (a['type'] === 'null' || isPrimitiveType(a['type']))));
    if (objectAlternatives.length === 1) walk(objectAlternatives[0], value, name, depth + 1);
    if (isObject(value)) {
      const required = schema['required'];
      if (Array.isArray(required) && name !== 'error') {
        const missing = required.filter((r): r is string => typeof r === 'string' && !(r in value));
        if (missing.length > 0) {
          schema['required'] = required.filter((r) => !missing.includes(r as string));
          for (const m of missing) waived.add(`${name}.${m}`);
        }
      }
      const props = schema['properties'];
      if (isObject(props)) for (const [k, v] of Object.entries(value)) walk(props[k], v, `${name}.${k}`, depth + 1);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(schema['items'], item, `${name}[]`, depth + 1);
    }
  };
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      const responses = isObject(op) ? op['responses'] : undefined;
      if (!isObject(responses)) continue;
      for (const response of Object.values(responses)) {
        const json = isObject(response) && isObject(response['content']) ? response['content']['application/json'] : undefined;
        if (!isObject(json) || !isObject(json['examples'])) continue;
        const schema = convertSchema(json['schema']);
        for (const example of Object.values(json['examples'])) {
          if (isObject(example)) walk(schema, example['value'], '(response)', 0);
        }
      }
    }
  }
  return [...waived].sort();
}

function isPrimitiveType(t: unknown): boolean {
  const types = Array.isArray(t) ? t : [t];
  return types.length > 0 && types.every((x) => typeof x === 'string' && x !== 'object' && x !== 'array');
}

function findRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) findRefs(item, out);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        out.push(value.slice('#/definitions/'.length));
      } else findRefs(value, out);
    }
  }
  return out;
}

/** Load and convert one version's spec (cached). */
export function loadSpec(version: SpecVersion): OpenApiSpec {
  const cached = specs.get(version);
  if (cached) return cached;
  const file = path.join(OPENAPI_DIR, version, 'api.intercom.io.yaml');
  const document = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as SchemaObject;
  const components = (document['components'] as SchemaObject | undefined)?.['schemas'];
  if (!isObject(components)) throw new Error(`${file}: no components.schemas`);
  const definitions: Record<string, SchemaObject> = {};
  for (const [name, schema] of Object.entries(components)) definitions[name] = convertSchema(schema) as SchemaObject;
  applyOverrides(definitions);
  // RELAXATION: some refs name components the file lacks (2.11 refs `custom_attributes`); they accept anything.
  const missingRefs = [...new Set(findRefs(definitions).filter((name) => !(name in definitions)))].sort();
  for (const name of missingRefs) definitions[name] = {};
  const paths = (document['paths'] ?? {}) as OpenApiSpec['paths'];
  const waivedRequired = waiveRequiredOmittedByExamples(paths, definitions);
  const spec: OpenApiSpec = { version, document, paths, definitions, missingRefs, waivedRequired };
  specs.set(version, spec);
  return spec;
}

function ajvFor(version: SpecVersion): Ajv {
  let ajv = ajvs.get(version);
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: rootId(version), definitions: loadSpec(version).definitions });
    ajvs.set(version, ajv);
  }
  return ajv;
}

const rootId = (version: SpecVersion) => `intercom-${version}.json`;

/** Point local `#/definitions/...` refs at the version's root schema. */
function rebase(version: SpecVersion, schema: SchemaObject): SchemaObject {
  return JSON.parse(JSON.stringify(schema).split('"#/definitions/').join(`"${rootId(version)}#/definitions/`)) as SchemaObject;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : '';
    return `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${params}`;
  });
}

function run(validate: ValidateFunction, data: unknown): ValidationResult {
  const valid = validate(data) as boolean;
  return { valid, errors: valid ? [] : formatErrors(validate.errors) };
}

/** Compile (once) a schema whose `#/definitions/...` refs point into the version's definitions. */
function compileIn(version: SpecVersion, key: string, schema: SchemaObject): ValidateFunction {
  const cacheKey = `${version}|${key}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    validate = ajvFor(version).compile(rebase(version, schema));
    validators.set(cacheKey, validate);
  }
  return validate;
}

/** Validate `data` against the component schema `componentName` (e.g. `contact_list`). */
export function validateComponent(version: SpecVersion, componentName: string, data: unknown): ValidationResult {
  if (!(componentName in loadSpec(version).definitions)) {
    throw new Error(`Intercom ${version} spec has no component schema ${componentName}`);
  }
  return run(compileIn(version, `component:${componentName}`, { $ref: `#/definitions/${componentName}` }), data);
}

/** Spec path templates matching a concrete path, most literal first (`/companies/scroll` before `/companies/{id}`). */
export function matchPathTemplates(version: SpecVersion, concretePath: string): string[] {
  const want = concretePath.split('?')[0]!.replace(/\/+$/, '').split('/');
  const matches: { template: string; params: number }[] = [];
  for (const template of Object.keys(loadSpec(version).paths)) {
    const parts = template.split('/');
    if (parts.length !== want.length) continue;
    let params = 0;
    const ok = parts.every((p, i) => {
      if (p.startsWith('{') && p.endsWith('}')) return (params += 1) > 0 && want[i] !== '';
      return p === want[i];
    });
    if (ok) matches.push({ template, params });
  }
  return matches.sort((a, b) => a.params - b.params).map((m) => m.template);
}

function resolveStatus(responses: SchemaObject, status: number | string): string | undefined {
  const s = String(status);
  if (s in responses) return s;
  const range = `${s[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}

/** `X` for `{$ref: X}` or `{allOf: [{$ref: X}], ...extra properties}` (how 2.16 wraps `contact`). */
function componentOf(raw: SchemaObject): string | undefined {
  const allOf = raw['allOf'];
  const target = Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) ? allOf[0] : raw;
  const ref = target['$ref'];
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

/**
 * The declared JSON response schema of `method path` for `status`, or undefined when the spec has no such
 * operation or declares no JSON schema for that status. `path` may be concrete (`/contacts/abc`) or a template.
 */
export function responseSchemaFor(
  version: SpecVersion,
  method: string,
  concretePath: string,
  status: number | string,
): ResponseSchema | undefined {
  const spec = loadSpec(version);
  const verb = method.toLowerCase();
  const template = matchPathTemplates(version, concretePath).find((t) => isObject(spec.paths[t]?.[verb]));
  if (template === undefined) return undefined;
  const responses = spec.paths[template]?.[verb]?.['responses'];
  if (!isObject(responses)) return undefined;
  const key = resolveStatus(responses, status);
  const response = key === undefined ? undefined : responses[key];
  const content = isObject(response) ? response['content'] : undefined;
  const json = isObject(content) ? content['application/json'] : undefined;
  const raw = isObject(json) ? json['schema'] : undefined;
  if (!isObject(raw) || key === undefined) return undefined;
  const component = componentOf(raw);
  const schema = convertSchema(raw) as SchemaObject;
  const cacheKey = `response:${verb} ${template} ${key}`;
  return {
    template,
    status: key,
    component,
    schema,
    validate: (data) => run(compileIn(version, cacheKey, schema), data),
  };
}

/** The JSON examples declared for `method template status` (name → value), for tests. */
export function responseExamples(
  version: SpecVersion,
  method: string,
  template: string,
  status: string,
): Record<string, unknown> {
  const op = loadSpec(version).paths[template]?.[method.toLowerCase()];
  const response = isObject(op?.['responses']) ? (op['responses'] as SchemaObject)[status] : undefined;
  const content = isObject(response) ? response['content'] : undefined;
  const json = isObject(content) ? content['application/json'] : undefined;
  const examples = isObject(json) ? json['examples'] : undefined;
  if (!isObject(examples)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, ex] of Object.entries(examples)) if (isObject(ex) && 'value' in ex) out[name] = ex['value'];
  return out;
}
