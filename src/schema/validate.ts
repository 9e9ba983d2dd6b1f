import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonObject, JsonSchema } from '../common/json';

function fieldPath(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function message(error: ErrorObject, record: JsonObject): string {
  let path = fieldPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '?';
    path = path === '' ? missing : `${path}.${missing}`;
    return `field ${path}: is required`;
  }
  let value: unknown = record;
  for (const part of error.instancePath === '' ? [] : error.instancePath.slice(1).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return `field ${path === '' ? '(record)' : path}: ${error.message ?? 'is invalid'} (got ${describe(value)})`;
}

/**
 * Compiles, once, an ajv validator of transformed records (formats: date-time). Returns null for a
 * valid record, else a message naming the field path, what was expected and what was found.
 */
export function compileValidator(schema: JsonSchema): (record: JsonObject) => string | null {
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv, ['date-time']);
  const { $schema: _ignored, ...rest } = schema;
  const validate = ajv.compile(rest);
  return (record) => {
    if (validate(record)) return null;
    const error = validate.errors?.[0];
    return error === undefined ? 'record is invalid' : message(error, record);
  };
}
