import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../../src/common/json';
import { loadStreamSchema, schemasDir } from '../../src/schema/load';

const root = path.resolve(__dirname, '..', '..');

/** Key properties and replication key of every stream (the brief's table). */
const STREAMS: Record<string, { key: string[]; replication?: string }> = {
  admins: { key: ['id'] },
  teams: { key: ['id'] },
  tags: { key: ['id'] },
  segments: { key: ['id'], replication: 'updated_at' },
  company_segments: { key: ['id'], replication: 'updated_at' },
  company_attributes: { key: ['_sdc_record_hash'] },
  contact_attributes: { key: ['_sdc_record_hash'] },
  contacts: { key: ['id'], replication: 'updated_at' },
  companies: { key: ['id'], replication: 'updated_at' },
  conversations: { key: ['id'], replication: 'updated_at' },
  conversation_parts: { key: ['id'], replication: 'updated_at' },
  contact_companies: { key: ['contact_id', 'id'] },
  contact_tags: { key: ['contact_id', 'id'] },
  contact_segments: { key: ['contact_id', 'id'] },
  notes: { key: ['contact_id', 'id'] },
  company_contacts: { key: ['company_id', 'contact_id'] },
  tickets: { key: ['id'], replication: 'updated_at' },
  activity_logs: { key: ['id'], replication: 'created_at' },
  events: { key: ['intercom_user_id', 'created_at', 'event_name'], replication: 'created_at' },
  counts: { key: ['type'] },
  help_center_collections: { key: ['id'], replication: 'updated_at' },
  help_center_articles: { key: ['id'], replication: 'updated_at' },
};

/**
 * Top-level field names of singer-io/tap-intercom's schemas (the Meltano Hub default variant),
 * read from github.com/singer-io/tap-intercom `tap_intercom/schemas/<stream>.json`:
 * admins.json @c2ac7c07, teams.json @78288368, tags.json @42d8fcc1, segments.json @7e3d9eba,
 * company_attributes.json @28885f82, contact_attributes.json @94de0600, contacts.json @ee312aef,
 * companies.json @45b1b2df, conversations.json @8821f9c6, conversation_parts.json @45b1b2df.
 * singer-io has no company_segments.json in the index; its stream reads /segments (same fields as
 * segments, as Stitch's docs for company_segments list).
 */
const SINGER_IO: Record<string, string[]> = {
  admins: ['admin_ids', 'avatar', 'team_priority_level', 'away_mode_enabled', 'away_mode_reassign', 'email', 'has_inbox_seat', 'id', 'job_title', 'name', 'team_ids', 'type'],
  teams: ['admin_ids', 'id', 'name', 'type', 'admin_priority_level'],
  tags: ['id', 'name', 'type'],
  segments: ['created_at', 'count', 'id', 'name', 'type', 'updated_at', 'person_type'],
  company_segments: ['created_at', 'count', 'id', 'name', 'type', 'updated_at', 'person_type'],
  company_attributes: ['admin_id', 'api_writable', 'archived', 'created_at', 'custom', 'data_type', 'description', 'full_name', 'label', 'model', 'name', 'options', 'type', 'ui_writable', 'updated_at', 'id', '_sdc_record_hash'],
  contact_attributes: ['type', 'model', 'name', 'full_name', 'label', 'description', 'data_type', 'options', 'api_writable', 'ui_writable', 'custom', 'archived', 'admin_id', 'created_at', 'updated_at', 'id', '_sdc_record_hash'],
  contacts: ['type', 'id', 'workspace_id', 'external_id', 'role', 'email', 'phone', 'name', 'avatar', 'owner_id', 'social_profiles', 'has_hard_bounced', 'marked_email_as_spam', 'unsubscribed_from_emails', 'created_at', 'updated_at', 'signed_up_at', 'last_seen_at', 'last_replied_at', 'last_contacted_at', 'last_email_opened_at', 'last_email_clicked_at', 'language_override', 'browser', 'browser_version', 'browser_language', 'os', 'location', 'android_app_name', 'android_app_version', 'android_device', 'android_os_version', 'android_sdk_version', 'android_last_seen_at', 'ios_app_name', 'ios_app_version', 'ios_device', 'ios_os_version', 'ios_sdk_version', 'ios_last_seen_at', 'custom_attributes', 'tags', 'notes', 'companies'],
  companies: ['company_id', 'created_at', 'custom_attributes', 'id', 'industry', 'monthly_spend', 'name', 'plan', 'remote_created_at', 'segments', 'session_count', 'size', 'tags', 'type', 'updated_at', 'user_count', 'website', 'last_request_at'],
  conversations: ['source', 'contacts', 'teammates', 'first_contact_reply', 'priority', 'conversation_message', 'conversation_rating', 'created_at', 'customer_first_reply', 'customers', 'id', 'open', 'read', 'sent_at', 'snoozed_until', 'sla_applied', 'state', 'statistics', 'tags', 'type', 'updated_at', 'user', 'waiting_since', 'title', 'admin_assignee_id', 'team_assignee_id', 'custom_attributes'],
  conversation_parts: ['assigned_to', 'attachments', 'author', 'body', 'conversation_id', 'conversation_created_at', 'conversation_updated_at', 'conversation_total_parts', 'created_at', 'external_id', 'id', 'notified_at', 'part_type', 'type', 'updated_at', 'redacted'],
};

/**
 * singer-io types of fields where Intercom differs from them. Our type must still accept every value
 * singer-io's type accepts, except where the spec and the API send another type: then we type the field
 * as Intercom sends it (no value is converted but unix times), listed in SINGER_IO_TYPE_CHANGES.
 */
const SINGER_IO_TYPES: [string, string, string[]][] = [
  ['contacts', 'owner_id', ['null', 'integer']],
  ['contacts', 'tags', ['null', 'array']],
  ['contacts', 'companies', ['null', 'array']],
  ['contacts', 'notes', ['null', 'object']],
  ['companies', 'tags', ['null', 'array']],
  ['companies', 'segments', ['null', 'array']],
  ['companies', 'monthly_spend', ['null', 'number']],
  ['conversations', 'tags', ['null', 'array']],
  ['conversations', 'contacts', ['null', 'array']],
  ['conversations', 'admin_assignee_id', ['null', 'integer']],
  ['conversation_parts', 'conversation_total_parts', ['null', 'integer']],
  ['admins', 'id', ['string']],
];

/**
 * Where we deliberately type a field as Intercom sends it, not as singer-io does (README "Schema changes"):
 * tag ids are strings in the spec (2.11, 2.16) and in every example; avatars and part assignees are objects.
 */
const SINGER_IO_TYPE_CHANGES: [string, string, string[], string[]][] = [
  ['tags', 'id', ['integer'], ['string']],
  ['contacts', 'avatar', ['null', 'string'], ['null', 'object']],
  ['conversation_parts', 'assigned_to', ['null', 'string'], ['null', 'object']],
];

function typeList(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

function walk(schema: JsonSchema, visit: (s: JsonSchema, at: string) => void, at = ''): void {
  visit(schema, at);
  for (const [k, v] of Object.entries(schema.properties ?? {})) walk(v, visit, `${at}.${k}`);
  if (schema.items) walk(schema.items, visit, `${at}[]`);
}

const files = readdirSync(schemasDir()).filter((f) => f.endsWith('.json')).sort();

test('there is exactly one schema file per stream', () => {
  expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(Object.keys(STREAMS).sort());
});

describe.each(Object.entries(STREAMS))('%s schema', (name, { key, replication }) => {
  const schema = loadStreamSchema(name);
  const props = schema.properties ?? {};

  test('compiles with ajv (draft-07), is an object with no $ref', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.type).toBe('object');
    expect(JSON.stringify(schema)).not.toContain('$ref');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof schema.description).toBe('string');
  });

  test('key properties are present, required and not nullable', () => {
    for (const k of key) {
      const prop = props[k];
      expect(prop).toBeDefined();
      expect(typeList(prop as JsonSchema)).not.toContain('null');
      expect(schema.required).toContain(k);
    }
  });

  test('replication key is a date-time', () => {
    if (replication === undefined) return;
    const prop = props[replication] as JsonSchema;
    expect(prop).toBeDefined();
    expect(prop.format).toBe('date-time');
    expect(typeList(prop)).toContain('string');
  });

  test('every non-key field is nullable and every time is a date-time string', () => {
    walk(schema, (s, at) => {
      if (at === '' || at.endsWith('[]')) return;
      const field = at.slice(1);
      if (!key.includes(field)) expect([field, typeList(s)]).toEqual([field, expect.arrayContaining(['null'])]);
      if (s.format === 'date-time') expect(typeList(s)).toContain('string');
      if (/(^|\.)(created_at|updated_at)$/.test(field)) expect([field, s.format]).toEqual([field, 'date-time']);
    });
  });
});

describe('singer-io/tap-intercom superset', () => {
  test.each(Object.entries(SINGER_IO))('%s keeps every singer-io field', (name, fields) => {
    const props = loadStreamSchema(name).properties ?? {};
    const missing = fields.filter((f) => !(f in props));
    expect(missing).toEqual([]);
  });

  test.each(SINGER_IO_TYPES)('%s.%s still accepts every singer-io type', (stream, field, types) => {
    const prop = loadStreamSchema(stream).properties?.[field] as JsonSchema;
    expect(typeList(prop)).toEqual(expect.arrayContaining(types));
  });

  test.each(SINGER_IO_TYPE_CHANGES)('%s.%s is typed as Intercom sends it (singer-io: %j)', (stream, field, _singer, ours) => {
    const prop = loadStreamSchema(stream).properties?.[field] as JsonSchema;
    expect(typeList(prop).sort()).toEqual([...ours].sort());
  });

  test('contacts and companies custom_attributes stay open objects', () => {
    for (const name of ['contacts', 'companies']) {
      const ca = loadStreamSchema(name).properties?.custom_attributes as JsonSchema;
      expect(ca.additionalProperties).toBe(true);
      expect(typeList(ca)).toEqual(['null', 'object']);
    }
  });
});

test('loadStreamSchema caches, rejects unknown and odd names', () => {
  expect(loadStreamSchema('contacts')).toBe(loadStreamSchema('contacts'));
  expect(() => loadStreamSchema('nope')).toThrow(/No schema/);
  expect(() => loadStreamSchema('../config')).toThrow(/Invalid stream name/);
  expect(schemasDir()).toBe(path.join(root, 'schemas', 'streams'));
  expect(JSON.parse(readFileSync(path.join(root, 'schemas', 'streams', 'tags.json'), 'utf8'))).toEqual(loadStreamSchema('tags'));
});

test('generated types are fresh (gen-types --check exits 0)', () => {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  expect(() => execFileSync(tsx, [path.join(root, 'scripts', 'gen-types.ts'), '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});
