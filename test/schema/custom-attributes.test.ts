import type { JsonSchema } from '../../src/common/json';
import { customAttributeProperties, withCustomAttributes, type DataAttribute } from '../../src/schema/custom-attributes';
import { loadStreamSchema } from '../../src/schema/load';

const attr = (name: string, data_type: string, extra: Partial<DataAttribute> = {}): DataAttribute => ({ name, data_type, custom: true, archived: false, ...extra });

describe('customAttributeProperties', () => {
  test.each([
    ['string', { type: ['null', 'string'] }],
    ['integer', { type: ['null', 'integer'] }],
    ['float', { type: ['null', 'number'] }],
    ['boolean', { type: ['null', 'boolean'] }],
    ['date', { type: ['null', 'string'], format: 'date-time' }],
    ['datetime', { type: ['null', 'string'], format: 'date-time' }],
    ['options', { type: ['null', 'string'] }],
  ])('%s', (dataType, expected) => {
    expect(customAttributeProperties([attr('x', dataType)], false)).toEqual({ x: expected });
  });

  test('keeps only custom attributes, archived only when asked', () => {
    const list = [attr('a', 'string'), attr('standard', 'string', { custom: false }), attr('old', 'integer', { archived: true })];
    expect(Object.keys(customAttributeProperties(list, false))).toEqual(['a']);
    expect(Object.keys(customAttributeProperties(list, true))).toEqual(['a', 'old']);
  });

  test('keeps weird names exactly', () => {
    const names = ['Plan Name', 'plan.tier', 'Ünïcødé 名前', '1st_purchase', '', '__proto__', 'constructor'];
    const props = customAttributeProperties(names.map((n) => attr(n, 'integer')), false);
    expect(Object.keys(props)).toEqual(names.filter((n) => n !== ''));
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(props, '__proto__')).toBe(true);
  });

  test('uses the description (or label) as the property description', () => {
    expect(customAttributeProperties([attr('a', 'string', { label: 'A', description: 'The A' })], false).a?.description).toBe('The A');
    expect(customAttributeProperties([attr('a', 'string', { label: 'A', description: '' })], false).a?.description).toBe('A');
  });
});

describe('withCustomAttributes', () => {
  test('adds the properties to a copy; additionalProperties stays true; input unchanged', () => {
    const base = loadStreamSchema('contacts');
    const before = JSON.stringify(base);
    const out = withCustomAttributes(base, customAttributeProperties([attr('Renewal', 'date')], false));
    const ca = out.properties?.custom_attributes as JsonSchema;
    expect(ca.additionalProperties).toBe(true);
    expect(ca.properties?.Renewal).toEqual({ type: ['null', 'string'], format: 'date-time' });
    expect(JSON.stringify(base)).toBe(before);
    expect(out.properties?.id).toBe(base.properties?.id);
  });

  test('throws for a schema without custom_attributes', () => {
    expect(() => withCustomAttributes(loadStreamSchema('tags'), {})).toThrow(/custom_attributes/);
  });
});
