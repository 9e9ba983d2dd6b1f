import type { JsonSchema } from '../common/json';

/** One entry of GET /data_attributes (only the fields used here). */
export interface DataAttribute {
  name: string;
  full_name?: string | null;
  data_type: string;
  custom?: boolean | null;
  archived?: boolean | null;
  label?: string | null;
  description?: string | null;
  [key: string]: unknown;
}

const TYPES: Readonly<Record<string, JsonSchema>> = {
  string: { type: ['null', 'string'] },
  integer: { type: ['null', 'integer'] },
  float: { type: ['null', 'number'] },
  boolean: { type: ['null', 'boolean'] },
  date: { type: ['null', 'string'], format: 'date-time' },
  datetime: { type: ['null', 'string'], format: 'date-time' },
};

/**
 * Typed JSON Schema properties for the custom data attributes of a model (contact or company).
 * Only `custom: true` attributes; archived ones only with `includeArchived`. Names are kept exactly.
 * Unknown data types (e.g. `options` lists) become strings. Dates are unix seconds at Intercom and
 * RFC 3339 after the transform.
 */
export function customAttributeProperties(
  attributes: readonly DataAttribute[],
  includeArchived: boolean,
): Record<string, JsonSchema> {
  const props: Record<string, JsonSchema> = {};
  for (const attr of attributes) {
    if (attr.custom !== true) continue;
    if (attr.archived === true && !includeArchived) continue;
    if (typeof attr.name !== 'string' || attr.name === '') continue;
    const base = TYPES[attr.data_type] ?? TYPES.string;
    const prop: JsonSchema = { ...base };
    const description = [attr.description, attr.label].find((t) => typeof t === 'string' && t !== '');
    if (typeof description === 'string') prop.description = description;
    // Object.defineProperty keeps names like "__proto__" as plain own properties.
    Object.defineProperty(props, attr.name, { value: prop, enumerable: true, writable: true, configurable: true });
  }
  return props;
}

/**
 * A copy of `schema` whose `properties.custom_attributes.properties` also holds `props`
 * (additionalProperties stays true). The input schema is not changed.
 */
export function withCustomAttributes(schema: JsonSchema, props: Record<string, JsonSchema>): JsonSchema {
  const existing = schema.properties?.custom_attributes;
  if (existing === undefined) throw new Error('Schema has no custom_attributes property');
  const merged: Record<string, JsonSchema> = {};
  for (const source of [existing.properties ?? {}, props]) {
    for (const [k, v] of Object.entries(source)) {
      Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  const customAttributes: JsonSchema = { ...existing, additionalProperties: true, properties: merged };
  return { ...schema, properties: { ...schema.properties, custom_attributes: customAttributes } };
}
