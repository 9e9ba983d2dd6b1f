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

export interface Renderer {
  /** The RECORD lines of `raws`, back to back. */
  lines(raws: readonly RawRecord[], timeExtracted: string): string;
  /** One RECORD line per raw record (a render worker needs each line's length). */
  each(raws: readonly RawRecord[], timeExtracted: string): string[];
}

/**
 * Compiles a stream's renderer once: raw records in, RECORD lines out. Throws RecordValidationError
 * (naming stream, key and field) for the first record that does not fit the schema when asked to validate.
 */
export function compileRenderer(spec: RenderSpec): Renderer {
  const transform = compileTransform(spec.schema, spec.fields);
  const validate = spec.validate ? loadValidator()(spec.schema) : null;
  const record = (raw: RawRecord): JsonObject => {
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
