import type { JsonObject, JsonSchema, RawRecord } from '../common/json';
import { unixToRfc3339 } from './unix-time';

/** Converts one value; returns the same value when nothing changes (callers copy on write). */
type Op = (value: unknown) => unknown;

function typesOf(schema: JsonSchema): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const toDateTime: Op = (v) => (typeof v === 'number' && Number.isFinite(v) ? unixToRfc3339(v) : v);

function objectOp(schema: JsonSchema): Op | null {
  const entries: [string, Op][] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const op = compileValue(prop, key);
    if (op !== null) entries.push([key, op]);
  }
  if (entries.length === 0) return null;
  return (v) => {
    if (!isPlainObject(v)) return v;
    let copy: Record<string, unknown> | undefined;
    for (const [key, op] of entries) {
      const x = v[key];
      if (x === undefined) continue;
      const y = op(x);
      if (y !== x) {
        copy ??= { ...v };
        setOwn(copy, key, y);
      }
    }
    return copy ?? v;
  };
}

/**
 * Arrays: converts items. When the schema allows an array but no object and Intercom sends a list
 * object (`{type:"list", data:[…]}` or `{type:"tag.list", tags:[…]}`), its item array is kept:
 * the shape singer-io/tap-intercom emits for contacts, companies and conversations.
 */
function arrayOp(schema: JsonSchema, name: string, unwrap: boolean): Op | null {
  const itemOp = schema.items !== undefined ? compileValue(schema.items, name) : null;
  if (itemOp === null && !unwrap) return null;
  return (v) => {
    let list = v;
    if (!Array.isArray(list)) {
      if (!unwrap || !isPlainObject(list)) return v;
      const inner = Array.isArray(list.data) ? list.data : list[name];
      if (!Array.isArray(inner)) return v;
      list = inner;
    }
    const items = list as unknown[];
    if (itemOp === null) return items;
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      const y = itemOp(x);
      if (y !== x) {
        copy ??= items.slice();
        copy[i] = y;
      }
    }
    return copy ?? items;
  };
}

/** The conversion a value of `schema` needs, or null when it passes through unchanged. */
function compileValue(schema: JsonSchema, name: string): Op | null {
  const types = typesOf(schema);
  if (types === undefined) return null; // untyped: leave as is
  const isDate = schema.format === 'date-time' && types.has('string');
  if (!types.has('object') && !types.has('array')) return isDate ? toDateTime : null;
  const objOp = types.has('object') ? objectOp(schema) : null;
  const arrOp = types.has('array') ? arrayOp(schema, name, !types.has('object')) : null;
  if (!isDate && objOp === null && arrOp === null) return null;
  return (v) => {
    if (typeof v === 'number') return isDate ? toDateTime(v) : v;
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return arrOp !== null ? arrOp(v) : v;
    if (objOp !== null) return objOp(v);
    return arrOp !== null ? arrOp(v) : v;
  };
}

/**
 * Compiles, once per stream, the transform of raw Intercom records into Singer records:
 * - keeps only `fields` (selected + automatic) at the top level; absent fields stay absent;
 * - unix times (seconds; values > 1e11 are milliseconds) in `format: date-time` fields become
 *   RFC 3339 UTC (`2024-05-01T12:00:00Z`) at every depth, custom attributes included;
 *   strings and nulls are left as they are. No other value changes type: a numeric string stays a
 *   string, a number stays a number, an object stays an object (schemas type fields as Intercom sends them);
 * - list objects where the schema has an array become their item array (singer-io shape);
 * - unknown nested keys pass through. Nested objects are copied only when something changes,
 *   so the raw record is never modified.
 */
export function compileTransform(schema: JsonSchema, fields: readonly string[]): (raw: RawRecord) => JsonObject {
  const props = schema.properties ?? {};
  const names: string[] = [];
  const ops: (Op | null)[] = [];
  for (const field of new Set(fields)) {
    names.push(field);
    const prop = Object.prototype.hasOwnProperty.call(props, field) ? props[field] : undefined;
    ops.push(prop !== undefined ? compileValue(prop, field) : null);
  }
  const count = names.length;
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const name = names[i] as string;
      const value = raw[name];
      if (value === undefined) continue;
      const op = ops[i];
      setOwn(out, name, op ? op(value) : value);
    }
    return out as JsonObject;
  };
}
