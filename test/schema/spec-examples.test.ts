/**
 * No field Intercom sends is dropped silently: for 2.11 and 2.16, every top-level field of every
 * endpoint we read, in the official spec (the record's component schema, the endpoint's response
 * examples, and every other example of that component), is a property of the stream's schema. Schemas
 * are the union of both versions, so moving from 2.11 to 2.16 is no schema break. Types of ids follow
 * the spec: where the spec types an id-ish field, our schema accepts that type.
 */
import type { JsonSchema } from '../../src/common/json';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadStreamSchema, schemasDir } from '../../src/schema/load';
import { responseExamples, type SpecVersion } from '../fake-intercom/openapi';
import { LINK_STREAMS, READ_ELSEWHERE, SPEC_VERSIONS, STREAM_ENDPOINTS, hasEndpoint, idTypeMismatches, recordsOf, specFields, type StreamEndpoint } from './spec-fields';
import { STREAMS } from '../../src/streams/registry';

/**
 * Fields the real API sends that neither spec file shows (docs/intercom-api.md §4.10, "Real responses
 * differ from the component schemas").
 */
const SENT_BUT_NOT_IN_SPEC: Record<string, string[]> = {
  contacts: ['sms_consent', 'unsubscribed_from_sms'],
  company_contacts: ['sms_consent', 'unsubscribed_from_sms'],
};

/**
 * Example values that contradict their own component schema and the real API: the 2.16 example of
 * GET /conversations/{id} numbers its parts 1, 2, 3 while `conversation_part.id` is a string.
 */
const EXAMPLE_ERRORS: Record<string, string> = {
  'conversation_parts 2.16 id': 'conversation_part.id is a string in the 2.16 component',
};

/** Streams the spec has no endpoint for: GET /counts is legacy (docs/intercom-api.md §2.6). */
const NOT_IN_SPEC = new Set(['counts']);

/** Mapped streams that have a schema (the 2.16 streams of issue 13 are mapped ahead of their schemas). */
const withSchema = Object.entries(STREAM_ENDPOINTS).filter(([stream]) => existsSync(join(schemasDir(), `${stream}.json`)));

const rows: [string, SpecVersion, string, StreamEndpoint][] = withSchema.flatMap(([stream, endpoints]) =>
  SPEC_VERSIONS.flatMap((version) =>
    endpoints
      .filter((e) => hasEndpoint(version, e))
      .map((e): [string, SpecVersion, string, StreamEndpoint] => [stream, version, `${e.method} ${e.template} ${e.list.length > 0 ? e.list.join('.') : '(body)'}`, e]),
  ),
);

function typeList(s: JsonSchema | undefined): string[] {
  if (s === undefined || s.type === undefined) return [];
  return Array.isArray(s.type) ? s.type : [s.type];
}

test('every stream we read is mapped to its endpoints and found in a spec', () => {
  const unmapped = STREAMS.map((d) => d.name).filter((name) => !NOT_IN_SPEC.has(name) && !(name in STREAM_ENDPOINTS));
  expect(unmapped.map((name) => `${name}: add its endpoints to STREAM_ENDPOINTS (test/schema/spec-fields.ts)`)).toEqual([]);
  const unseen = withSchema.map(([stream]) => stream).filter((stream) => !rows.some((r) => r[0] === stream));
  expect(unseen).toEqual([]);
});

describe.each(rows)('%s, Intercom %s, %s', (stream, version, _label, endpoint) => {
  const props = loadStreamSchema(stream).properties ?? {};
  const fields = specFields(version, endpoint);

  test('the spec gives the records fields (the endpoint and list key are right)', () => {
    expect(fields.size).toBeGreaterThan(1);
  });

  test('the schema has every top-level field the spec shows', () => {
    const elsewhere = READ_ELSEWHERE[stream] ?? {};
    const linked = LINK_STREAMS[stream];
    const linkedProps = linked === undefined ? {} : loadStreamSchema(linked).properties ?? {};
    const missing = [...fields]
      .filter(([f]) => !(f in props) && !(f in elsewhere) && !(f in linkedProps))
      .map(([f, where]) => `${stream} (${version}) lacks ${f}${linked ? ` (nor has ${linked})` : ''}: ${where}`);
    expect(missing).toEqual([]);
  });

  test('where the spec types an id-ish field, at any depth, the schema accepts that type', () => {
    expect(idTypeMismatches(version, endpoint, loadStreamSchema(stream))).toEqual([]);
  });

  test('the id-ish values of the examples fit the schema', () => {
    const wrong: string[] = [];
    for (const [name, body] of Object.entries(responseExamples(version, endpoint.method, endpoint.template, '200'))) {
      for (const record of recordsOf(body, endpoint.list)) {
        for (const [field, value] of Object.entries(record)) {
          if (!/(^|_)id$/.test(field) || value === null || !(field in props)) continue;
          const t = typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
          if (!typeList(props[field]).includes(t) && EXAMPLE_ERRORS[`${stream} ${version} ${field}`] === undefined) wrong.push(`${stream}.${field} = ${JSON.stringify(value)} in example ${name}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

test.each(Object.entries(SENT_BUT_NOT_IN_SPEC))('%s has the fields the API sends beyond the spec', (stream, extra) => {
  const props = loadStreamSchema(stream).properties ?? {};
  expect(extra.filter((f) => !(f in props))).toEqual([]);
});

test('schemas are the union of both versions: ticket_state takes the 2.11 label and the 2.16 object', () => {
  expect(typeList(loadStreamSchema('tickets').properties?.['ticket_state']).sort()).toEqual(['null', 'object', 'string']);
  expect(typeList(loadStreamSchema('contacts').properties?.['owner_id']).sort()).toEqual(['integer', 'null', 'string']);
});

test('ids Intercom sends as strings are strings in every stream', () => {
  expect(typeList(loadStreamSchema('tags').properties?.['id'])).toEqual(['string']);
  for (const field of ['admin_assignee_id', 'team_assignee_id']) expect(typeList(loadStreamSchema('tickets').properties?.[field])).toContain('string');
  for (const stream of ['contacts', 'companies', 'conversations']) {
    const tags = loadStreamSchema(stream).properties?.['tags'];
    expect([stream, typeList(tags?.items?.properties?.['id'])]).toEqual([stream, ['null', 'string']]);
  }
});
