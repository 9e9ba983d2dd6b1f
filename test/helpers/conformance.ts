/** Checks every stream test makes: records valid against their SCHEMA, ids exactly the ground truth. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonObject } from '../../src/common/json';
import type { SchemaMessage } from '../../src/singer/types';
import type { MessageViews } from './messages';

/** Unix seconds of an RFC 3339 value the tap emitted. */
export const unixOf = (value: unknown): number => Math.floor(Date.parse(String(value)) / 1000);

/** Every record of `stream` validates (formats included) against the SCHEMA message the run sent for it. */
export function expectRecordsValid(run: MessageViews, stream: string): void {
  const schema = run.messages.find((m): m is SchemaMessage => m.type === 'SCHEMA' && m.stream === stream)?.schema;
  expect(schema).toBeDefined();
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema as object);
  for (const record of run.records(stream)) expect(validate(record) ? null : { stream, id: record['id'], errors: validate.errors }).toBeNull();
}

/** The records' keys are unique (no page or window read twice) and equal the expected set. */
export function expectExactly(records: readonly JsonObject[], truth: Iterable<string>, key = 'id'): void {
  const got = records.map((r) => String(r[key]));
  expect(new Set(got).size).toBe(got.length);
  expect([...got].sort()).toEqual([...new Set(truth)].sort());
}
