/**
 * The fake cannot drift from Intercom's real shapes: every endpoint it serves is requested with
 * `Intercom-Version: 2.11` and `2.16` and the body is validated against the operation's declared response
 * schema in the official OpenAPI file of that version (see openapi.ts for the conversion rules).
 * Error answers the spec does not declare for an operation (e.g. 404 on GET /contacts/{id} in 2.16, which
 * declares only 401 and 410) are validated against the `error` component every declared error uses.
 */
import Ajv from 'ajv';
import { startFakeIntercom } from './index';
import { responseSchemaFor, validateComponent, type SpecVersion, type ValidationResult } from './openapi';

type Handle = Awaited<ReturnType<typeof startFakeIntercom>>;

interface Ids {
  admin: string;
  contact: string;
  company: string;
  conversation: string;
  note: string;
}

interface Case {
  name: string;
  method: 'GET' | 'POST';
  /** The spec path template (for the "does this version have it" check). */
  template: string;
  path: (ids: Ids) => string;
  body?: unknown;
  status?: number;
  token?: string;
}

const VERSIONS: SpecVersion[] = ['2.11', '2.16'];
const SINCE_2020 = { field: 'updated_at', operator: '>', value: '1577836800' };

const CASES: Case[] = [
  { name: 'GET /me', method: 'GET', template: '/me', path: () => '/me' },
  { name: 'GET /admins', method: 'GET', template: '/admins', path: () => '/admins' },
  { name: 'GET /admins/{id}', method: 'GET', template: '/admins/{admin_id}', path: (i) => `/admins/${i.admin}` },
  {
    name: 'GET /admins/activity_logs',
    method: 'GET',
    template: '/admins/activity_logs',
    path: () => '/admins/activity_logs?created_at_after=1577836800',
  },
  { name: 'GET /teams', method: 'GET', template: '/teams', path: () => '/teams' },
  { name: 'GET /tags', method: 'GET', template: '/tags', path: () => '/tags' },
  { name: 'GET /segments', method: 'GET', template: '/segments', path: () => '/segments' },
  { name: 'GET /segments?include_count', method: 'GET', template: '/segments', path: () => '/segments?include_count=true' },
  { name: 'GET /segments?type=company', method: 'GET', template: '/segments', path: () => '/segments?type=company' },
  { name: 'GET /data_attributes?model=contact', method: 'GET', template: '/data_attributes', path: () => '/data_attributes?model=contact' },
  { name: 'GET /data_attributes?model=company', method: 'GET', template: '/data_attributes', path: () => '/data_attributes?model=company' },
  { name: 'GET /companies/scroll', method: 'GET', template: '/companies/scroll', path: () => '/companies/scroll' },
  { name: 'POST /companies/list', method: 'POST', template: '/companies/list', path: () => '/companies/list?per_page=5' },
  { name: 'GET /companies/{id}', method: 'GET', template: '/companies/{company_id}', path: (i) => `/companies/${i.company}` },
  {
    name: 'GET /companies/{id}/segments',
    method: 'GET',
    template: '/companies/{company_id}/segments',
    path: (i) => `/companies/${i.company}/segments`,
  },
  {
    name: 'GET /companies/{id}/contacts',
    method: 'GET',
    template: '/companies/{company_id}/contacts',
    path: (i) => `/companies/${i.company}/contacts`,
  },
  { name: 'GET /contacts', method: 'GET', template: '/contacts', path: () => '/contacts?per_page=5' },
  {
    name: 'POST /contacts/search',
    method: 'POST',
    template: '/contacts/search',
    path: () => '/contacts/search',
    body: { query: { operator: 'OR', value: [SINCE_2020, { ...SINCE_2020, operator: '=' }] }, pagination: { per_page: 5 } },
  },
  { name: 'GET /contacts/{id}', method: 'GET', template: '/contacts/{contact_id}', path: (i) => `/contacts/${i.contact}` },
  { name: 'GET /contacts/{id}/tags', method: 'GET', template: '/contacts/{contact_id}/tags', path: (i) => `/contacts/${i.contact}/tags` },
  {
    name: 'GET /contacts/{id}/companies',
    method: 'GET',
    template: '/contacts/{contact_id}/companies',
    path: (i) => `/contacts/${i.contact}/companies`,
  },
  { name: 'GET /contacts/{id}/notes', method: 'GET', template: '/contacts/{contact_id}/notes', path: (i) => `/contacts/${i.contact}/notes` },
  {
    name: 'GET /contacts/{id}/segments',
    method: 'GET',
    template: '/contacts/{contact_id}/segments',
    path: (i) => `/contacts/${i.contact}/segments`,
  },
  { name: 'GET /notes/{id}', method: 'GET', template: '/notes/{note_id}', path: (i) => `/notes/${i.note}` },
  { name: 'GET /conversations', method: 'GET', template: '/conversations', path: () => '/conversations?per_page=5' },
  {
    name: 'POST /conversations/search',
    method: 'POST',
    template: '/conversations/search',
    path: () => '/conversations/search',
    body: { query: SINCE_2020, pagination: { per_page: 5 } },
  },
  {
    name: 'GET /conversations/{id}',
    method: 'GET',
    template: '/conversations/{conversation_id}',
    path: (i) => `/conversations/${i.conversation}`,
  },
  {
    name: 'POST /tickets/search',
    method: 'POST',
    template: '/tickets/search',
    path: () => '/tickets/search',
    body: { query: { operator: 'AND', value: [SINCE_2020] }, pagination: { per_page: 5 } },
  },
  {
    name: 'GET /events',
    method: 'GET',
    template: '/events',
    path: (i) => `/events?type=user&intercom_user_id=${i.contact}&per_page=5`,
  },
  { name: 'GET /help_center/collections', method: 'GET', template: '/help_center/collections', path: () => '/help_center/collections' },
  { name: 'GET /articles', method: 'GET', template: '/articles', path: () => '/articles' },
  // Error answers.
  { name: '401 GET /contacts (bad token)', method: 'GET', template: '/contacts', path: () => '/contacts', status: 401, token: 'wrong' },
  { name: '401 GET /admins (bad token)', method: 'GET', template: '/admins', path: () => '/admins', status: 401, token: 'wrong' },
  {
    name: '404 GET /contacts/{id} (missing)',
    method: 'GET',
    template: '/contacts/{contact_id}',
    path: () => '/contacts/000000000000000000000000',
    status: 404,
  },
  {
    name: '404 GET /companies/{id} (missing)',
    method: 'GET',
    template: '/companies/{company_id}',
    path: () => '/companies/000000000000000000000000',
    status: 404,
  },
  {
    name: '400 POST /contacts/search (bad operator)',
    method: 'POST',
    template: '/contacts/search',
    path: () => '/contacts/search',
    body: { query: { field: 'updated_at', operator: 'LIKE', value: 1 } },
    status: 400,
  },
  {
    name: '400 POST /conversations/search (3 levels)',
    method: 'POST',
    template: '/conversations/search',
    path: () => '/conversations/search',
    body: { query: { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [SINCE_2020] }] }] } },
    status: 400,
  },
];

/** Rows for it.each: only operations the version's spec declares. */
function rows(version: SpecVersion): [string, Case][] {
  return CASES.filter((c) => responseSchemaFor(version, c.method, c.template, 200) !== undefined).map((c) => [c.name, c]);
}

interface Answer {
  status: number;
  body: unknown;
}

async function call(fake: Handle, version: SpecVersion, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token ?? fake.token}`,
      'Intercom-Version': version,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text: the status/validation assertion will show it
  }
  return { status: res.status, body: parsed };
}

function firstId(body: unknown, key: string): string {
  const list = (body as Record<string, unknown> | null)?.[key];
  const first = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || (typeof first['id'] !== 'string' && typeof first['id'] !== 'number')) {
    throw new Error(`no ${key}[0].id in ${JSON.stringify(body).slice(0, 300)}`);
  }
  return String(first['id']);
}

async function discoverIds(fake: Handle, version: SpecVersion): Promise<Ids> {
  const admin = firstId((await call(fake, version, 'GET', '/admins')).body, 'admins');
  const contacts = (await call(fake, version, 'GET', '/contacts?per_page=50')).body as { data?: { id: string }[] };
  const company = firstId((await call(fake, version, 'POST', '/companies/list?per_page=1')).body, 'data');
  const conversation = firstId((await call(fake, version, 'GET', '/conversations?per_page=1')).body, 'conversations');
  let note: string | undefined;
  for (const c of contacts.data ?? []) {
    const notes = (await call(fake, version, 'GET', `/contacts/${c.id}/notes`)).body as { data?: { id: string }[] };
    if (notes.data?.[0]) {
      note = String(notes.data[0].id);
      break;
    }
  }
  if (note === undefined) throw new Error('no contact among the first 50 has a note');
  return { admin, contact: firstId(contacts, 'data'), company, conversation, note };
}

function validateAnswer(version: SpecVersion, c: Case, answer: Answer): ValidationResult & { schema: string } {
  const declared = responseSchemaFor(version, c.method, c.template, answer.status);
  const body = answer.body as Record<string, unknown> | null;
  // §2.9: the declared /events schema is the summary; the listing is `data_event_list` (spec inconsistency).
  if (c.template === '/events' && body?.['type'] === 'event.list') {
    return { schema: 'data_event_list', ...validateComponent(version, 'data_event_list', body) };
  }
  if (declared && declared.status !== 'default') {
    return { schema: declared.component ?? `${declared.template} ${declared.status}`, ...declared.validate(body) };
  }
  if (answer.status >= 400) return { schema: 'error', ...validateComponent(version, 'error', body) };
  return { schema: '(none)', valid: false, errors: [`the spec declares no schema for status ${answer.status}`] };
}

// Collapse array indices (/data/3/id becomes /data/N/id) so one wrong field in 50 records is one line.
function summarize(errors: string[]): string[] {
  const counts = new Map<string, number>();
  for (const e of errors) {
    const key = e.replace(/\/\d+(?=\/| )/g, '/N');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([e, n]) => (n > 1 ? `${e} (x${n})` : e));
}

describe.each(VERSIONS)('Intercom-Version %s: the fake answers with the spec shapes', (version) => {
  let fake: Handle;
  let ids: Ids;

  beforeAll(async () => {
    // One fake per version: only one company scroll may be open per app.
    fake = await startFakeIntercom({ seed: 1, scale: 0.05 });
    ids = await discoverIds(fake, version);
  });

  afterAll(async () => {
    await fake?.close();
  });

  it.each(rows(version))('%s', async (_name, c) => {
    const answer = await call(fake, version, c.method, c.path(ids), c.body, c.token);
    const result = validateAnswer(version, c, answer);
    const expected = c.status ?? 200;
    expect({ status: answer.status, schema: result.schema, errors: summarize(result.errors) }).toEqual({
      status: expected,
      schema: result.schema,
      errors: [],
    });
    if (expected >= 400) {
      const errors = (answer.body as { errors?: { code?: string }[] }).errors ?? [];
      expect(errors[0]?.code).toEqual(expect.any(String));
    }
  });

  it('an error body never carries the access token', async () => {
    const answer = await call(fake, version, 'GET', '/contacts', undefined, 'wrong');
    expect(JSON.stringify(answer.body)).not.toContain('wrong');
    expect(JSON.stringify(answer.body)).not.toContain(fake.token);
  });
});

describe('2.16-only error answers', () => {
  let fake: Handle;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 1, scale: 0.05 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it.each([
    ['422 GET /data_attributes?model=conversation', 'GET', '/data_attributes?model=conversation', undefined, 422],
    ['400 POST /contacts/search sort desc', 'POST', '/contacts/search', { query: SINCE_2020, sort: { field: 'updated_at', order: 'desc' } }, 400],
  ] as const)('%s', async (_name, method, path, body, status) => {
    const answer = await call(fake, '2.16', method, path, body);
    const schema = responseSchemaFor('2.16', method, path, status);
    expect(answer.status).toBe(status);
    expect((schema ?? { validate: (d: unknown) => validateComponent('2.16', 'error', d) }).validate(answer.body)).toEqual({
      valid: true,
      errors: [],
    });
  });
});

/** `/counts` is in no spec; its shape comes from the legacy 1.x–2.6 docs quoted in docs/intercom-api.md §2.6. */
describe('GET /counts (legacy docs shape)', () => {
  const count = { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 0 } } };
  const int = { type: 'integer', minimum: 0 };
  const countHash = {
    type: 'object',
    required: ['type', 'company', 'user', 'lead', 'tag', 'segment'],
    properties: {
      type: { const: 'count.hash' },
      company: count,
      user: count,
      lead: count,
      tag: count,
      segment: count,
    },
  };
  const conversationCount = {
    type: 'object',
    required: ['type', 'conversation'],
    properties: {
      type: { const: 'count' },
      conversation: {
        type: 'object',
        required: ['open', 'closed', 'unassigned', 'assigned'],
        properties: {
          open: int,
          closed: int,
          unassigned: int,
          assigned: int,
          admin: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'name', 'open', 'closed'],
              properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, open: int, closed: int },
            },
          },
        },
      },
    },
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  let fake: Handle;
  beforeAll(async () => {
    fake = await startFakeIntercom({ seed: 1, scale: 0.05 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it.each([
    ['/counts', countHash, false],
    ['/counts?type=conversation', conversationCount, false],
    ['/counts?type=conversation&count=admin', conversationCount, true],
  ] as const)('%s', async (path, schema, withAdmins) => {
    const answer = await call(fake, '2.11', 'GET', path);
    const validate = ajv.compile(schema);
    const valid = validate(answer.body);
    expect({ status: answer.status, errors: valid ? [] : validate.errors }).toEqual({ status: 200, errors: [] });
    if (withAdmins) {
      const admins = (answer.body as { conversation: { admin?: unknown[] } }).conversation.admin;
      expect(Array.isArray(admins)).toBe(true);
    }
  });
});
