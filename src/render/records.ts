/**
 * Raw Intercom records to Singer RECORD lines: transform, optional validation, serialisation. One
 * compiled function serves both places records are rendered (the engine's thread and the render
 * workers of pool.ts), so both write the same bytes.
 */
import { RecordValidationError } from '../common/errors';
import type { JsonObject, JsonSchema, RawRecord } from '../common/json';
import { compileTransform } from '../schema/transform';

/**
 * ajv, loaded only when validate_records asks for it: a render worker without validation stays
 * ~5 MB smaller (the memory target counts every worker).
 */
function loadValidator(): typeof import('../schema/validate').compileValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../schema/validate') as typeof import('../schema/validate')).compileValidator;
}

/** What rendering a stream's records needs: plain data, so it can be posted to a worker. */
export interface RenderSpec {
  stream: string;
  schema: JsonSchema;
  /** Selected and automatic top-level fields. */
  fields: readonly string[];
  keyProperties: readonly string[];
  /** validate_records: check every transformed record against the schema. */
  validate: boolean;
}

/** One RECORD line (ending in "\n") of a transformed record; the fixed parts are built once. */
function lineOf(stream: string, timeExtracted: string): (record: JsonObject) => string {
  const head = `{"type":"RECORD","stream":${JSON.stringify(stream)},"record":`;
  const tail = `,"time_extracted":${JSON.stringify(timeExtracted)}}\n`;
  return (record) => head + JSON.stringify(record) + tail;
}

/** RECORD lines for `records`, which are already transformed. */
export function recordLines(stream: string, records: readonly JsonObject[], timeExtracted: string): string {
  const line = lineOf(stream, timeExtracted);
  let text = '';
  for (const record of records) text += line(record);
  return text;
}

function keyOf(keyProperties: readonly string[], record: JsonObject): string {
  return keyProperties.map((k) => `${k}=${JSON.stringify(record[k] ?? null)}`).join(', ');
}

/**
 * Schema drift: top-level fields a record carries that the stream's schema does not name (Intercom
 * added a field). Each is reported once per renderer, with the fields first seen in a batch.
 */
export type DriftHandler = (fields: readonly string[]) => void;

/** The warning code of schema drift, and its message for one field (the summary names `stream.field`, the text before the colon). */
export const SCHEMA_DRIFT = 'schema_drift';
export function driftMessage(stream: string, field: string): string {
  return `${stream}.${field}: Intercom sent a top-level field that the stream's schema does not have, so records leave it out (it is reported once per run; a newer tap-intercom may have it)`;
}

/** Reports drift seen elsewhere (a render worker) through the handler the main thread's renderer of `spec` was compiled with. */
const driftHandlers = new WeakMap<RenderSpec, DriftHandler>();

/** Fields of `raw` unknown to `known` and not in `seen` yet (added to it), or null when there are none. */
function newUnknownFields(raw: RawRecord, known: ReadonlySet<string>, seen: Set<string>): string[] | null {
  let fresh: string[] | null = null;
  for (const key in raw) {
    if (known.has(key) || seen.has(key)) continue;
    seen.add(key);
    (fresh ??= []).push(key);
  }
  return fresh;
}

/** Drift a render worker saw for `spec`: reported through its main-thread renderer (once per field per run). */
export function reportDrift(spec: RenderSpec, fields: readonly string[]): void {
  if (fields.length > 0) driftHandlers.get(spec)?.(fields);
}

export interface Renderer {
  /** The RECORD lines of `raws`, back to back. */
  lines(raws: readonly RawRecord[], timeExtracted: string): string;
  /** One RECORD line per raw record (a render worker needs each line's length). */
  each(raws: readonly RawRecord[], timeExtracted: string): string[];
}

/**
 * Compiles a stream's renderer once: raw records in, RECORD lines out. Throws RecordValidationError
 * (naming stream, key and field) for the first record that does not fit the schema when asked to validate.
 * With `onDrift`, each top-level field no schema property names is reported once (it is not emitted:
 * only selected schema fields are); drift a render worker sees for the same spec comes through it too
 * (reportDrift).
 */
export function compileRenderer(spec: RenderSpec, onDrift?: DriftHandler): Renderer {
  const transform = compileTransform(spec.schema, spec.fields);
  const validate = spec.validate ? loadValidator()(spec.schema) : null;
  const known = new Set(Object.keys(spec.schema.properties ?? {}));
  const seen = new Set<string>();
  if (onDrift !== undefined) {
    driftHandlers.set(spec, (fields) => {
      const fresh = fields.filter((f) => !known.has(f) && !seen.has(f));
      for (const f of fresh) seen.add(f);
      if (fresh.length > 0) onDrift(fresh);
    });
  }
  const record = (raw: RawRecord): JsonObject => {
    if (onDrift !== undefined) {
      const fresh = newUnknownFields(raw, known, seen);
      if (fresh !== null) onDrift(fresh);
    }
    const out = transform(raw);
    if (validate !== null) {
      const problem = validate(out);
      if (problem !== null) throw new RecordValidationError(`stream ${spec.stream}: record ${keyOf(spec.keyProperties, out)}: ${problem}`);
    }
    return out;
  };
  return {
    // Every record is transformed (and validated) before any line is made.
    lines: (raws, timeExtracted) => recordLines(spec.stream, raws.map(record), timeExtracted),
    each(raws, timeExtracted) {
      const line = lineOf(spec.stream, timeExtracted);
      return raws.map((raw) => line(record(raw)));
    },
  };
}
