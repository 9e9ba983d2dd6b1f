import type { JsonSchema } from '../../src/common/json';
import { customAttributeProperties, withCustomAttributes } from '../../src/schema/custom-attributes';
import { loadStreamSchema } from '../../src/schema/load';
import { compileTransform } from '../../src/schema/transform';
import { compileValidator } from '../../src/schema/validate';
import { unixToRfc3339 } from '../../src/schema/unix-time';

const T = 1714564800; // 2024-05-01T12:00:00Z
const ISO = '2024-05-01T12:00:00Z';

const DT: JsonSchema = { type: ['null', 'string'], format: 'date-time' };
const schema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    created_at: DT,
    name: { type: ['null', 'string'] },
    count: { type: ['null', 'integer'] },
    spend: { type: ['null', 'number'] },
    nested: {
      type: ['null', 'object'],
      additionalProperties: true,
      properties: { at: DT, deeper: { type: ['null', 'object'], properties: { at: DT } } },
    },
    list: { type: ['null', 'array'], items: { type: ['null', 'object'], properties: { at: DT } } },
    times: { type: ['null', 'array'], items: DT },
    custom_attributes: { type: ['null', 'object'], additionalProperties: true, properties: {} },
  },
};
const all = Object.keys(schema.properties ?? {});

describe('unixToRfc3339', () => {
  test.each([
    [T, ISO],
    [0, '1970-01-01T00:00:00Z'],
    [T * 1000, ISO],
    [T * 1000 + 250, '2024-05-01T12:00:00.250Z'],
    [T + 0.5, '2024-05-01T12:00:00.500Z'],
    [-1, '1969-12-31T23:59:59Z'],
    [1e11 - 1, '5138-11-16T09:46:39Z'],
    [1e11 + 1, '1973-03-03T09:46:40.001Z'],
    [951782400, '2000-02-29T00:00:00Z'],
    [4102444799, '2099-12-31T23:59:59Z'],
  ])('%d -> %s', (input, expected) => {
    expect(unixToRfc3339(input)).toBe(expected);
  });

  test('agrees with Date for many values (seconds and milliseconds)', () => {
    for (let i = 0; i < 5000; i++) {
      const s = Math.floor(1e9 + i * 7919.37);
      expect(unixToRfc3339(s)).toBe(new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
      const ms = 1.2e12 + i * 104_729;
      expect(unixToRfc3339(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
    }
  });
});

describe('compileTransform', () => {
  const transform = compileTransform(schema, all);

  test('converts dates at the top, in nested objects, in arrays of objects and in arrays of dates', () => {
    const out = transform({
      id: 'a',
      created_at: T,
      nested: { at: T, deeper: { at: T * 1000 }, unknown: 5 },
      list: [{ at: T, extra: 'x' }, null, { at: null }],
      times: [T, null, ISO],
    });
    expect(out).toEqual({
      id: 'a',
      created_at: ISO,
      nested: { at: ISO, deeper: { at: ISO }, unknown: 5 },
      list: [{ at: ISO, extra: 'x' }, null, { at: null }],
      times: [ISO, null, ISO],
    });
  });

  test('keeps only the given fields; absent stays absent, null stays null', () => {
    const only = compileTransform(schema, ['id', 'name', 'created_at']);
    expect(only({ id: 'a', name: null, count: 3, nested: { at: T } })).toEqual({ id: 'a', name: null });
    expect(Object.keys(only({ id: 'a', name: null }))).toEqual(['id', 'name']);
  });

  test('fields unknown to the schema pass through unchanged', () => {
    const t = compileTransform(schema, ['id', 'mystery']);
    expect(t({ id: 'a', mystery: { at: T } })).toEqual({ id: 'a', mystery: { at: T } });
  });

  test('leaves date-time strings and odd values alone', () => {
    expect(transform({ id: 'a', created_at: '2024-05-01T12:00:00.000000Z' }).created_at).toBe('2024-05-01T12:00:00.000000Z');
    expect(transform({ id: 'a', created_at: true }).created_at).toBe(true);
  });

  test('does not modify the raw record', () => {
    const raw = { id: 'a', created_at: T, nested: { at: T }, list: [{ at: T }] };
    const copy = JSON.parse(JSON.stringify(raw)) as unknown;
    transform(raw);
    expect(raw).toEqual(copy);
  });

  test('no value changes type: numeric strings, numbers, booleans and objects pass through as sent', () => {
    expect(transform({ id: 'a', count: '42', spend: '12.5' })).toEqual({ id: 'a', count: '42', spend: '12.5' });
    expect(transform({ id: 7, name: { type: 'admin', id: '1' }, count: true })).toEqual({ id: 7, name: { type: 'admin', id: '1' }, count: true });
    const raw = { id: 'a', name: 12, count: 3, spend: 1.5 };
    const out = transform(raw);
    expect(out).toEqual(raw);
    expect(typeof out['name']).toBe('number');
  });

  test('custom attribute dates are converted when typed; untyped ones pass through', () => {
    const props = customAttributeProperties(
      [
        { name: 'Renewal Date', data_type: 'date', custom: true },
        { name: 'plan.started', data_type: 'datetime', custom: true },
        { name: 'seats', data_type: 'integer', custom: true },
      ],
      false,
    );
    const t = compileTransform(withCustomAttributes(schema, props), all);
    expect(t({ id: 'a', custom_attributes: { 'Renewal Date': T, 'plan.started': T * 1000, seats: 3, other: T } })).toEqual({
      id: 'a',
      custom_attributes: { 'Renewal Date': ISO, 'plan.started': ISO, seats: 3, other: T },
    });
  });

  test('a list object where the schema has an array becomes its item array', () => {
    const contacts = loadStreamSchema('contacts');
    const t = compileTransform(contacts, ['id', 'tags', 'companies', 'notes']);
    const notes = { type: 'list', data: [{ type: 'note', id: '9', url: '/notes/9' }], url: '/contacts/a/notes', total_count: 1, has_more: false };
    const out = t({
      id: 'a',
      tags: { type: 'list', data: [{ type: 'tag', id: '1', url: '/tags/1' }], url: '/contacts/a/tags', total_count: 1, has_more: false },
      companies: { type: 'list', data: [], url: '/contacts/a/companies', total_count: 0, has_more: false },
      notes,
    });
    expect(out).toEqual({ id: 'a', tags: [{ type: 'tag', id: '1', url: '/tags/1' }], companies: [], notes });
    const conversations = compileTransform(loadStreamSchema('conversations'), ['id', 'tags', 'contacts']);
    expect(
      conversations({
        id: '1',
        tags: { type: 'tag.list', tags: [{ type: 'tag', id: '5', name: 'vip', applied_at: T }] },
        contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: 'c' }] },
      }),
    ).toEqual({ id: '1', tags: [{ type: 'tag', id: '5', name: 'vip', applied_at: ISO }], contacts: [{ type: 'contact', id: 'c' }] });
  });

  test('ids stay as Intercom sends them: tag ids and 2.11 ticket assignee ids are strings', () => {
    const tags = compileTransform(loadStreamSchema('tags'), ['type', 'id', 'name']);
    expect(tags({ type: 'tag', id: '123', name: 'x' })).toEqual({ type: 'tag', id: '123', name: 'x' });
    const tickets = compileTransform(loadStreamSchema('tickets'), ['id', 'admin_assignee_id', 'team_assignee_id']);
    expect(tickets({ id: '1', admin_assignee_id: '7939621', team_assignee_id: '0' })).toEqual({ id: '1', admin_assignee_id: '7939621', team_assignee_id: '0' });
    expect(tickets({ id: '1', admin_assignee_id: 7939621, team_assignee_id: 0 })).toEqual({ id: '1', admin_assignee_id: 7939621, team_assignee_id: 0 });
  });

  test('a field named __proto__ is an own property of the output', () => {
    const t = compileTransform({ type: 'object', properties: {} }, ['__proto__']);
    const out = t(JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('compileValidator', () => {
  const validate = compileValidator(withCustomAttributes(schema, customAttributeProperties([{ name: 'Renewal Date', data_type: 'date', custom: true }], false)));
  const transform = compileTransform(withCustomAttributes(schema, customAttributeProperties([{ name: 'Renewal Date', data_type: 'date', custom: true }], false)), all);

  test('a transformed record is valid', () => {
    expect(validate(transform({ id: 'a', created_at: T, nested: { at: T }, custom_attributes: { 'Renewal Date': T } }))).toBeNull();
  });

  test('names the field path, the expectation and the value', () => {
    expect(validate({ id: 'a', created_at: 'yesterday' })).toBe('field created_at: must match format "date-time" (got "yesterday")');
    expect(validate({ id: 'a', nested: { deeper: { at: 5 } } })).toBe('field nested.deeper.at: must be null,string (got 5)');
    expect(validate({ id: 'a', custom_attributes: { 'Renewal Date': 'x' } })).toMatch(/^field custom_attributes\.Renewal Date: must match format/);
  });

  test('reports a missing key property', () => {
    const v = compileValidator(loadStreamSchema('contact_tags'));
    expect(v({ id: '1' })).toBe('field contact_id: is required');
  });

  test('every stream schema accepts an empty-ish record with its keys', () => {
    expect(compileValidator(loadStreamSchema('events'))({ intercom_user_id: 'u', created_at: ISO, event_name: 'e' })).toBeNull();
    expect(compileValidator(loadStreamSchema('events'))({ intercom_user_id: 'u', created_at: T, event_name: 'e' })).toMatch(/created_at/);
  });
});
