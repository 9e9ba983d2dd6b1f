import { compileSearchQuery, contactUpdatedRange, SearchQueryError } from './search';

const DAY = 86400;
const D0 = Date.UTC(2024, 4, 1) / 1000; // 2024-05-01T00:00:00Z

function contact(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'contact',
    id,
    email: `${id}@example.com`,
    name: null,
    role: 'user',
    owner_id: null,
    updated_at: D0,
    created_at: D0,
    has_hard_bounced: false,
    location: { type: 'location', city: 'Dublin', country: 'Ireland', region: null },
    custom_attributes: {},
    tag_ids: [],
    segment_ids: [],
    company_ids: [],
    ...extra,
  };
}

function ids(records: Record<string, unknown>[], query: unknown, model: 'contact' | 'conversation' | 'ticket' = 'contact'): string[] {
  const m = compileSearchQuery(query, model);
  return records.filter(m).map((r) => String(r['id']));
}

function expectError(query: unknown, model: 'contact' | 'conversation' | 'ticket', code: string, message: RegExp): void {
  let caught: unknown;
  try {
    compileSearchQuery(query, model);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SearchQueryError);
  expect((caught as SearchQueryError).code).toBe(code);
  expect((caught as SearchQueryError).message).toMatch(message);
}

describe('contacts: dates compare by UTC day', () => {
  const lateDay0 = contact('late', { updated_at: D0 + DAY - 1 }); // 2024-05-01T23:59:59Z
  const startDay1 = contact('next', { updated_at: D0 + DAY }); // 2024-05-02T00:00:00Z
  const startDay0 = contact('start', { updated_at: D0 });
  const before = contact('before', { updated_at: D0 - 1 });
  const all = [before, startDay0, lateDay0, startDay1];

  it('= matches the whole day of the value, whatever second is given', () => {
    expect(ids(all, { field: 'updated_at', operator: '=', value: D0 + 3600 })).toEqual(['start', 'late']);
    expect(ids(all, { field: 'updated_at', operator: '=', value: String(D0 + DAY - 1) })).toEqual(['start', 'late']);
  });

  it('> starts at the next midnight, skipping the rest of the value day', () => {
    expect(ids(all, { field: 'updated_at', operator: '>', value: D0 + 10 })).toEqual(['next']);
    expect(ids(all, { field: 'updated_at', operator: '>', value: String(D0 - 1) })).toEqual(['start', 'late', 'next']);
  });

  it('< ends before the start of the value day', () => {
    expect(ids(all, { field: 'updated_at', operator: '<', value: D0 + DAY - 1 })).toEqual(['before']);
    expect(ids(all, { field: 'updated_at', operator: '<', value: D0 + DAY })).toEqual(['before', 'start', 'late']);
  });

  it('the OR[= day, > day] form reaches everything from the start of the day', () => {
    const q = {
      operator: 'OR',
      value: [
        { field: 'updated_at', operator: '=', value: D0 + 500 },
        { field: 'updated_at', operator: '>', value: D0 + 500 },
      ],
    };
    expect(ids(all, q)).toEqual(['start', 'late', 'next']);
  });

  it.each(['!=', '<=', '>=', 'IN', 'NIN'])('rejects %s on a date field', (op) => {
    const value = op === 'IN' || op === 'NIN' ? [D0] : D0;
    expectError({ field: 'created_at', operator: op, value }, 'contact', 'parameter_invalid', /not supported/);
  });

  it('rejects a non-numeric date value', () => {
    expectError({ field: 'updated_at', operator: '>', value: 'foobar' }, 'contact', 'parameter_invalid', /foobar/);
  });

  it('a null date never matches < or >', () => {
    const r = [contact('nulls', { last_seen_at: null })];
    expect(ids(r, { field: 'last_seen_at', operator: '>', value: 0 })).toEqual([]);
    expect(ids(r, { field: 'last_seen_at', operator: '<', value: D0 })).toEqual([]);
  });
});

describe('contacts: strings, booleans, tags, segments', () => {
  const a = contact('a', { email: 'Alice@Example.com', name: 'Alice Smith', tag_ids: ['1', '2'], segment_ids: ['s1'] });
  const b = contact('b', { email: 'bob@test.org', name: 'Bob', has_hard_bounced: true, tag_ids: ['2'], company_ids: ['c9'] });
  const c = contact('c', { email: 'carol@test.org', name: null, location: { city: 'Paris' } });
  const all = [a, b, c];

  it.each([
    ['=', 'bob@test.org', ['b']],
    ['!=', 'bob@test.org', ['a', 'c']],
    ['~', 'TEST', ['b', 'c']],
    ['!~', 'test', ['a']],
    ['^', 'alice', ['a']],
    ['$', '.org', ['b', 'c']],
    ['IN', ['bob@test.org', 'carol@test.org'], ['b', 'c']],
    ['NIN', ['bob@test.org'], ['a', 'c']],
  ])('email %s %j', (operator, value, expected) => {
    expect(ids(all, { field: 'email', operator, value })).toEqual(expected);
  });

  it('= null matches missing values and != null the others', () => {
    expect(ids(all, { field: 'name', operator: '=', value: null })).toEqual(['c']);
    expect(ids(all, { field: 'name', operator: '!=', value: null })).toEqual(['a', 'b']);
  });

  it.each([
    ['=', true, ['b']],
    ['=', 'false', ['a', 'c']],
    ['!=', true, ['a', 'c']],
    ['IN', [true], ['b']],
    ['NIN', [true], ['a', 'c']],
  ])('boolean %s %j', (operator, value, expected) => {
    expect(ids(all, { field: 'has_hard_bounced', operator, value })).toEqual(expected);
  });

  it.each(['<', '>', '~', '^'])('rejects %s on a boolean', (operator) => {
    expectError({ field: 'has_hard_bounced', operator, value: true }, 'contact', 'parameter_invalid', /not supported/);
  });

  it.each(['<', '>='])('rejects %s on a string', (operator) => {
    expectError({ field: 'email', operator, value: 'x' }, 'contact', 'parameter_invalid', /not supported/);
  });

  it('tag_id matches any tag and accepts only = and !=', () => {
    expect(ids(all, { field: 'tag_id', operator: '=', value: '2' })).toEqual(['a', 'b']);
    expect(ids(all, { field: 'tag_id', operator: '!=', value: '1' })).toEqual(['b', 'c']);
    expectError({ field: 'tag_id', operator: 'IN', value: ['1'] }, 'contact', 'parameter_invalid', /not supported/);
  });

  it('segment_id and company_id read the hidden id arrays', () => {
    expect(ids(all, { field: 'segment_id', operator: '=', value: 's1' })).toEqual(['a']);
    expect(ids(all, { field: 'company_id', operator: '=', value: 'c9' })).toEqual(['b']);
  });

  it('nested fields by dotted path', () => {
    expect(ids(all, { field: 'location.city', operator: '=', value: 'Paris' })).toEqual(['c']);
  });

  it('custom attribute names may contain dots and spaces', () => {
    const r = [
      contact('x', { custom_attributes: { 'The One.Ring': 'gold', score: 7 } }),
      contact('y', { custom_attributes: { 'The One.Ring': 'silver', score: 12 } }),
    ];
    expect(ids(r, { field: 'custom_attributes.The One.Ring', operator: '=', value: 'gold' })).toEqual(['x']);
    expect(ids(r, { field: 'custom_attributes.score', operator: '>', value: '10' })).toEqual(['y']);
    expect(ids(r, { field: 'custom_attributes.score', operator: '=', value: 7 })).toEqual(['x']);
  });

  it('a declared date custom attribute is compared by day', () => {
    const r = [contact('x', { custom_attributes: { renewal: D0 + 100 } })];
    const m = compileSearchQuery({ field: 'custom_attributes.renewal', operator: '>', value: D0 }, 'contact', {
      customAttributeTypes: { renewal: 'date' },
    });
    expect(r.filter(m)).toEqual([]);
  });

  it('rejects an unknown field', () => {
    expectError({ field: 'favourite_colour', operator: '=', value: 'red' }, 'contact', 'parameter_invalid', /favourite_colour/);
  });
});

describe('structure: groups, nesting and limits', () => {
  const r = [
    contact('1', { role: 'user', has_hard_bounced: false }),
    contact('2', { role: 'lead', has_hard_bounced: false }),
    contact('3', { role: 'lead', has_hard_bounced: true }),
  ];
  const leaf = (field: string, value: unknown) => ({ field, operator: '=', value });

  it('AND and OR combine, two levels deep', () => {
    expect(ids(r, { operator: 'AND', value: [leaf('role', 'lead'), leaf('has_hard_bounced', false)] })).toEqual(['2']);
    expect(ids(r, { operator: 'OR', value: [leaf('role', 'user'), leaf('has_hard_bounced', true)] })).toEqual(['1', '3']);
    const nested = {
      operator: 'AND',
      value: [
        { operator: 'OR', value: [leaf('id', '1'), leaf('id', '2')] },
        { operator: 'OR', value: [leaf('role', 'lead'), leaf('has_hard_bounced', true)] },
      ],
    };
    expect(ids(r, nested)).toEqual(['2']);
  });

  it('rejects a third level of nesting', () => {
    const q = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [leaf('id', '1')] }] }] };
    expectError(q, 'contact', 'query_invalid', /nested/);
  });

  it('accepts 15 filters in a group and rejects 16', () => {
    const group = (n: number) => ({ operator: 'OR', value: Array.from({ length: n }, (_, i) => leaf('id', String(i))) });
    expect(ids(r, group(15))).toEqual(['1', '2', '3']);
    expectError(group(16), 'contact', 'query_invalid', /15/);
  });

  it.each([
    ['not an object', 'updated_at > 1', /object/],
    ['unknown operator', { field: 'id', operator: 'LIKE', value: 'x' }, /LIKE/],
    ['missing field', { operator: '=', value: 'x' }, /field/],
    ['missing value', { field: 'id', operator: '=' }, /value/],
    ['empty group', { operator: 'AND', value: [] }, /non-empty/],
  ])('rejects %s', (_name, q, message) => {
    expectError(q, 'contact', 'query_invalid', message);
  });

  it('IN needs an array and = refuses one', () => {
    expectError({ field: 'id', operator: 'IN', value: 'x' }, 'contact', 'parameter_invalid', /array/);
    expectError({ field: 'id', operator: '=', value: ['x'] }, 'contact', 'parameter_invalid', /array/);
  });
});

describe('conversations and tickets: by the second', () => {
  const T = 1_700_000_000;
  const convs = [
    { id: '9', updated_at: T - 1, admin_assignee_id: 5, state: 'open', open: true, contact_ids: ['c1'], source: { body: '<p>I need support</p>' } },
    { id: '10', updated_at: T, admin_assignee_id: 0, state: 'closed', open: false, contact_ids: ['c1', 'c2'], source: { body: 'hi' } },
    { id: '100', updated_at: T + 1, admin_assignee_id: 5, state: 'snoozed', open: true, contact_ids: [], source: { body: null } },
  ];

  it.each([
    ['>', T, ['100']],
    ['<', T, ['9']],
    ['>=', T, ['10', '100']],
    ['<=', String(T), ['9', '10']],
    ['=', T, ['10']],
    ['!=', T, ['9', '100']],
    ['IN', [T - 1, T + 1], ['9', '100']],
  ])('updated_at %s %j (strict > and <)', (operator, value, expected) => {
    expect(ids(convs, { field: 'updated_at', operator, value }, 'conversation')).toEqual(expected);
  });

  it('inclusiveRange reads > and < as >= and <=', () => {
    const m = compileSearchQuery({ field: 'updated_at', operator: '>', value: T }, 'conversation', { inclusiveRange: true });
    expect(convs.filter(m).map((c) => c.id)).toEqual(['10', '100']);
  });

  it('id compares numerically for < and >, as text for =', () => {
    expect(ids(convs, { field: 'id', operator: '>', value: '9' }, 'conversation')).toEqual(['10', '100']);
    expect(ids(convs, { field: 'id', operator: '=', value: 10 }, 'conversation')).toEqual(['10']);
  });

  it('integer, boolean, string and id-array fields', () => {
    expect(ids(convs, { field: 'admin_assignee_id', operator: '=', value: '5' }, 'conversation')).toEqual(['9', '100']);
    expect(ids(convs, { field: 'open', operator: '=', value: true }, 'conversation')).toEqual(['9', '100']);
    expect(ids(convs, { field: 'state', operator: 'NIN', value: ['open', 'closed'] }, 'conversation')).toEqual(['100']);
    expect(ids(convs, { field: 'contact_ids', operator: '=', value: 'c2' }, 'conversation')).toEqual(['10']);
    expect(ids(convs, { field: 'contact_ids', operator: '!=', value: 'c1' }, 'conversation')).toEqual(['100']);
  });

  it('source.body = matches a single word', () => {
    expect(ids(convs, { field: 'source.body', operator: '=', value: 'support' }, 'conversation')).toEqual(['9']);
    expect(ids(convs, { field: 'source.body', operator: '=', value: 'need support' }, 'conversation')).toEqual([]);
    expect(ids(convs, { field: 'source.body', operator: '=', value: 'supp' }, 'conversation')).toEqual([]);
  });

  it('tickets: created_at >= and ticket attributes', () => {
    const tickets = [
      { id: '1', created_at: T, ticket_attributes: { _default_title_: 'Broken login', priority: 3 } },
      { id: '2', created_at: T - 5, ticket_attributes: { _default_title_: 'Refund', priority: 1 } },
    ];
    expect(ids(tickets, { field: 'created_at', operator: '>=', value: T }, 'ticket')).toEqual(['1']);
    expect(ids(tickets, { field: 'title', operator: '~', value: 'login' }, 'ticket')).toEqual(['1']);
    expect(ids(tickets, { field: 'ticket_attribute.priority', operator: '<', value: 2 }, 'ticket')).toEqual(['2']);
  });

  it('rejects a contact-only field on conversations', () => {
    expectError({ field: 'tag_id', operator: '=', value: '1' }, 'conversation', 'parameter_invalid', /not a searchable conversation field/);
  });
});

describe('contactUpdatedRange: the exact updated_at range of a range-only contact query', () => {
  // Seconds around three day boundaries, each second a record.
  const times = [D0, D0 + 3 * DAY, D0 + 10 * DAY].flatMap((t) => [t - DAY - 1, t - DAY, t - 1, t, t + 1, t + 43200, t + DAY - 1, t + DAY]);
  const records = times.map((t, k) => contact(`c${k}`, { updated_at: t }));
  const inRange = (query: unknown): string[] => {
    const r = contactUpdatedRange(query);
    if (r === null) throw new Error('expected a range');
    return records.filter((x) => (x['updated_at'] as number) >= r[0] && (x['updated_at'] as number) < r[1]).map((x) => String(x['id']));
  };

  it('matches what the compiled query matches, for the tap\'s AND of > and < and other range shapes', () => {
    const values = [D0 - 1, D0, D0 + 1, D0 + 43200, D0 + DAY - 1, D0 + 3 * DAY, D0 + 3 * DAY + 5, D0 + 10 * DAY + 0.5];
    const queries: unknown[] = [];
    for (const a of values) {
      queries.push({ field: 'updated_at', operator: '>', value: a }, { field: 'updated_at', operator: '<', value: a }, { field: 'updated_at', operator: '=', value: String(a) });
      for (const b of values) {
        queries.push({ operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: a }, { field: 'updated_at', operator: '<', value: b }] });
        queries.push({ operator: 'AND', value: [{ operator: 'AND', value: [{ field: 'updated_at', operator: '=', value: a }] }, { field: 'updated_at', operator: '<', value: b }] });
      }
    }
    queries.push({ operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: D0 }] });
    for (const q of queries) expect(inRange(q)).toEqual(ids(records, q));
  });

  it('is null for anything else', () => {
    const gt = { field: 'updated_at', operator: '>', value: D0 };
    for (const q of [
      { operator: 'OR', value: [gt, { field: 'updated_at', operator: '=', value: D0 }] },
      { operator: 'AND', value: [gt, { field: 'role', operator: '=', value: 'user' }] },
      { field: 'created_at', operator: '>', value: D0 },
      { field: 'updated_at', operator: '=', value: null },
    ]) {
      expect(contactUpdatedRange(q)).toBeNull();
    }
  });
});
