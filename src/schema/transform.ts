import type { JsonObject, JsonSchema, RawRecord } from '../common/json';
import { unixToRfc3339 } from './unix-time';

/** Converts one value; returns the same value when nothing changes (callers copy on write). */
type Op = (value: unknown) => unknown;

const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function typesOf(schema: JsonSchema): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
}

function only(types: Set<string>, allowed: readonly string[]): boolean {
  for (const t of types) if (!allowed.includes(t)) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const toDateTime: Op = (v) => (typeof v === 'number' && Number.isFinite(v) ? unixToRfc3339(v) : v);

const toInteger: Op = (v) => (typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) : v);

const toNumber: Op = (v) => (typeof v === 'string' && NUMBER_TEXT.test(v) ? Number(v) : v);

/** A plain string field: numbers and booleans become text, objects and arrays JSON text. */
const toText: Op = (v) => {
  if (typeof v === 'string' || v === null || v === undefined) return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

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
  if (only(types, ['null', 'integer']) && types.has('integer')) return toInteger;
  if (only(types, ['null', 'number', 'integer']) && types.has('number')) return toNumber;
  if (only(types, ['null', 'string'])) return isDate ? toDateTime : types.has('string') ? toText : null;
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
 *   strings and nulls are left as they are;
 * - numeric strings in integer/number fields become numbers (ids singer-io types as integers);
 *   numbers, booleans and objects in plain string fields become text (JSON for objects);
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
