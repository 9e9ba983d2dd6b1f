import {
  convertSchema,
  loadSpec,
  matchPathTemplates,
  responseExamples,
  responseSchemaFor,
  validateComponent,
  type SpecVersion,
} from './openapi';

function example(version: SpecVersion, method: string, template: string, status = '200'): Record<string, unknown> {
  const values = Object.values(responseExamples(version, method, template, status));
  expect(values.length).toBeGreaterThan(0);
  return structuredClone(values[0]) as Record<string, unknown>;
}

describe('convertSchema', () => {
  it('turns nullable into a null type, null enum member, or anyOf', () => {
    expect(convertSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(convertSchema({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/definitions/x' }] }, { type: 'null' }],
    });
  });

  it('maps oneOf to anyOf and drops annotations, formats and x- keywords but keeps property names', () => {
    const out = convertSchema({
      type: 'object',
      'x-tags': ['T'],
      example: { a: 1 },
      properties: { format: { type: 'string', format: 'uri' }, example: { oneOf: [{ type: 'integer', format: 'date-time' }] } },
    });
    expect(out).toEqual({
      type: 'object',
      properties: { format: { type: 'string' }, example: { anyOf: [{ type: 'integer' }] } },
    });
  });
});

describe('loadSpec', () => {
  it('caches each version and converts every component', () => {
    const a = loadSpec('2.16');
    expect(loadSpec('2.16')).toBe(a);
    expect(a.definitions['contact_list']).toBeDefined();
    expect(Object.keys(a.paths)).toContain('/contacts/search');
  });

  it('accepts anything for a component the file references but lacks (2.11 custom_attributes)', () => {
    expect(loadSpec('2.11').missingRefs).toContain('custom_attributes');
    expect(loadSpec('2.11').definitions['custom_attributes']).toEqual({});
  });
});

describe('validateComponent', () => {
  const contact = () => example('2.16', 'get', '/contacts/{contact_id}');
  const list = () => ({
    type: 'list',
    data: [contact()],
    total_count: 1,
    pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1, next: null },
  });

  it("validates the spec's own contact example inside a contact_list", () => {
    expect(validateComponent('2.16', 'contact_list', list())).toEqual({ valid: true, errors: [] });
    expect(validateComponent('2.16', 'contact_list', example('2.16', 'get', '/contacts')).valid).toBe(true);
  });

  it('rejects a wrong type and names where it is', () => {
    const bad = list();
    (bad.data[0] as Record<string, unknown>)['created_at'] = '2024-01-01T00:00:00Z';
    const result = validateComponent('2.16', 'contact_list', bad);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/\/data\/0\/created_at must be integer/);
  });

  it('accepts null only where the spec says nullable', () => {
    const ok = contact();
    ok['phone'] = null;
    expect(validateComponent('2.16', 'contact', ok).valid).toBe(true);
    const bad = contact();
    bad['has_hard_bounced'] = null;
    expect(validateComponent('2.16', 'contact', bad).errors.join()).toMatch(/has_hard_bounced/);
  });

  it('follows version drift: owner_id is a string in 2.16 and an integer in 2.11', () => {
    const c = { ...contact(), owner_id: '123' };
    expect(validateComponent('2.16', 'contact', c).valid).toBe(true);
    expect(validateComponent('2.11', 'contact', c).errors.join()).toMatch(/owner_id must be integer/);
  });

  it('validates errors and rejects a missing required key', () => {
    const err = { type: 'error.list', request_id: null, errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] };
    expect(validateComponent('2.16', 'error', err).valid).toBe(true);
    expect(validateComponent('2.16', 'error', { type: 'error.list' }).errors.join()).toMatch(/errors/);
  });

  it('throws for an unknown component name', () => {
    expect(() => validateComponent('2.16', 'no_such_thing', {})).toThrow(/no component schema no_such_thing/);
  });
});

describe('relaxations for documented spec inconsistencies', () => {
  it.each(['2.11', '2.16'] as const)('%s contact_attached_companies accepts `data` (as the examples) or `companies`', (v) => {
    // 2.11 requires these four, which its own company examples omit.
    const company = { ...example(v, 'get', '/companies/{company_id}'), last_request_at: 0, size: 0, website: '', industry: '' };
    const base = { type: 'list', total_count: 1, pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 } };
    const schema = (d: unknown) => validateComponent(v, 'contact_attached_companies', d);
    expect(schema({ ...base, data: [company] }).errors).toEqual([]);
    expect(schema({ ...base, companies: [company] }).errors).toEqual([]);
    expect(schema(base).valid).toBe(false);
    expect(schema({ ...base, data: [{ ...company, id: 5 }] }).errors.join()).toMatch(/\/data\/0\/id must be string/);
  });
});

describe('required properties the spec examples omit', () => {
  it('are waived (2.11 tags from GET /tags have no applied_at), but error.errors stays required', () => {
    expect(loadSpec('2.11').waivedRequired).toEqual(expect.arrayContaining(['tag.applied_at', 'admin.job_title']));
    expect(loadSpec('2.11').waivedRequired).not.toContain('error.errors');
    expect(validateComponent('2.11', 'tag_list', { type: 'list', data: [{ type: 'tag', id: '1', name: 'vip' }] }).errors).toEqual([]);
    expect(validateComponent('2.11', 'error', { type: 'error.list' }).valid).toBe(false);
  });

  it('still enforces required properties the examples do carry', () => {
    const contact = example('2.11', 'get', '/contacts/{contact_id}');
    delete contact['role'];
    expect(validateComponent('2.11', 'contact', contact).errors.join()).toMatch(/required property 'role'/);
  });
});

describe('responseSchemaFor', () => {
  it.each([
    ['get', '/contacts/6762f0dd1bb69f9f2193bb83', 200, '/contacts/{contact_id}', 'contact'],
    ['get', '/contacts/abc/tags', 200, '/contacts/{contact_id}/tags', 'tag_list'],
    ['get', '/contacts/abc', 410, '/contacts/{contact_id}', 'error'],
    ['get', '/notes/12', 404, '/notes/{note_id}', 'error'],
    ['get', '/companies/scroll', 200, '/companies/scroll', 'company_scroll'],
    ['get', '/admins/activity_logs', 200, '/admins/activity_logs', 'activity_log_list'],
    ['get', '/admins/7', 200, '/admins/{admin_id}', 'admin'],
    ['post', '/contacts/search', 200, '/contacts/search', 'contact_list'],
    ['post', '/contacts/search', 401, '/contacts/search', 'error'],
  ])('%s %s %s → %s (%s)', (method, p, status, template, component) => {
    const found = responseSchemaFor('2.16', method, p, status);
    expect(found?.template).toBe(template);
    expect(found?.component).toBe(component);
  });

  it('prefers literal path segments over parameters', () => {
    expect(matchPathTemplates('2.16', '/companies/scroll')[0]).toBe('/companies/scroll');
    expect(matchPathTemplates('2.16', '/companies/scroll')).toContain('/companies/{company_id}');
  });

  it('is undefined for an operation or status the spec does not declare', () => {
    expect(responseSchemaFor('2.16', 'get', '/counts', 200)).toBeUndefined();
    expect(responseSchemaFor('2.11', 'get', '/companies/abc/notes', 200)).toBeUndefined();
    expect(responseSchemaFor('2.16', 'get', '/contacts/abc', 404)).toBeUndefined(); // 2.16 declares 401 and 410 only
    expect(responseSchemaFor('2.16', 'get', '/tags', 418)).toBeUndefined();
  });

  it('validates a body by route', () => {
    const found = responseSchemaFor('2.16', 'get', '/tags', 200);
    expect(found?.validate({ type: 'list', data: [{ type: 'tag', id: '1', name: 'vip' }] }).valid).toBe(true);
    expect(found?.validate({ type: 'list', data: [{ type: 'tag', id: 1, name: 'vip' }] }).valid).toBe(false);
  });
});

describe("the spec's own 2.16 examples for the endpoints the tap reads", () => {
  const endpoints: [string, string][] = [
    ['get', '/me'],
    ['get', '/admins'],
    ['get', '/admins/{admin_id}'],
    ['get', '/teams'],
    ['get', '/tags'],
    ['get', '/segments'],
    ['get', '/data_attributes'],
    ['get', '/companies/scroll'],
    ['post', '/companies/list'],
    ['get', '/companies/{company_id}'],
    ['get', '/companies/{company_id}/segments'],
    ['get', '/companies/{company_id}/contacts'],
    ['get', '/contacts'],
    ['post', '/contacts/search'],
    ['get', '/contacts/{contact_id}'],
    ['get', '/contacts/{contact_id}/tags'],
    ['get', '/contacts/{contact_id}/notes'],
    ['get', '/contacts/{contact_id}/segments'],
    ['get', '/notes/{note_id}'],
    ['get', '/conversations'],
    ['post', '/conversations/search'],
    ['post', '/tickets/search'],
    ['get', '/help_center/collections'],
    ['get', '/articles'],
  ];

  it.each(endpoints)('%s %s 200 example validates', (method, template) => {
    const found = responseSchemaFor('2.16', method, template, 200);
    expect(found).toBeDefined();
    for (const [name, value] of Object.entries(responseExamples('2.16', method, template, '200'))) {
      expect({ name, ...found!.validate(value) }).toEqual({ name, valid: true, errors: [] });
    }
  });

  // Known inconsistencies of the spec itself; the fake follows the schema, not these examples.
  it('the examples the schema rejects are the known spec inconsistencies', () => {
    const conv = responseSchemaFor('2.16', 'get', '/conversations/1', 200)!;
    const convErrors = conv.validate(example('2.16', 'get', '/conversations/{conversation_id}')).errors.join('\n');
    expect(convErrors).toMatch(/conversation_parts\/0\/id must be string/);
    const logs = responseSchemaFor('2.16', 'get', '/admins/activity_logs', 200)!;
    expect(logs.validate(example('2.16', 'get', '/admins/activity_logs')).errors.join('\n')).toMatch(/metadata\/before/);
  });
});
