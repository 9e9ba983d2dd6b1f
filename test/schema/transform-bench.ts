/**
 * Micro benchmark of the contacts pipeline on one core: JSON.parse of a page, compiled transform,
 * JSON.stringify of the RECORD message. Run: npx tsx test/schema/transform-bench.ts
 * (not part of jest; prints numbers only, asserts nothing about speed).
 */
import { customAttributeProperties, withCustomAttributes, type DataAttribute } from '../../src/schema/custom-attributes';
import { loadStreamSchema } from '../../src/schema/load';
import { compileTransform } from '../../src/schema/transform';
import { unixToRfc3339 } from '../../src/schema/unix-time';
import { compileValidator } from '../../src/schema/validate';

const TYPES = ['string', 'integer', 'float', 'boolean', 'date'] as const;
const attributes: DataAttribute[] = Array.from({ length: 20 }, (_, i) => ({
  name: `attr ${i} ${TYPES[i % TYPES.length] as string}`,
  data_type: TYPES[i % TYPES.length] as string,
  custom: true,
  archived: false,
}));

function contact(i: number): Record<string, unknown> {
  const t = 1_700_000_000 + i * 37;
  const custom: Record<string, unknown> = {};
  attributes.forEach((a, k) => {
    custom[a.name] =
      a.data_type === 'string' ? `value ${i}-${k}` : a.data_type === 'integer' ? i * k : a.data_type === 'float' ? i / 7 : a.data_type === 'boolean' ? i % 2 === 0 : t - k * 86_400;
  });
  return {
    type: 'contact', id: `65f${i.toString(16).padStart(21, '0')}`, workspace_id: 'abc123', external_id: `ext-${i}`, role: 'user',
    email: `user${i}@example.com`, email_domain: 'example.com', phone: null, name: `User ${i}`, avatar: null, owner_id: null,
    social_profiles: { type: 'list', data: [] }, has_hard_bounced: false, marked_email_as_spam: false, unsubscribed_from_emails: false,
    created_at: t - 1_000_000, updated_at: t, signed_up_at: t - 900_000, last_seen_at: t - 3_600, last_replied_at: null,
    last_contacted_at: t - 7_200, last_email_opened_at: null, last_email_clicked_at: null, language_override: null,
    browser: 'chrome', browser_version: '120.0', browser_language: 'en', os: 'macOS',
    location: { type: 'location', country: 'France', region: 'IDF', city: 'Paris', country_code: 'FRA', continent_code: 'EU' },
    android_app_name: null, android_app_version: null, android_device: null, android_os_version: null, android_sdk_version: null,
    android_last_seen_at: null, ios_app_name: null, ios_app_version: null, ios_device: null, ios_os_version: null,
    ios_sdk_version: null, ios_last_seen_at: null, custom_attributes: custom,
    tags: { type: 'list', data: [{ type: 'tag', id: '11', url: '/tags/11' }, { type: 'tag', id: '12', url: '/tags/12' }], url: `/contacts/x/tags`, total_count: 2, has_more: false },
    notes: { type: 'list', data: [], url: `/contacts/x/notes`, total_count: 0, has_more: false },
    companies: { type: 'list', data: [{ type: 'company', id: 'c1', url: '/companies/c1' }], url: `/contacts/x/companies`, total_count: 1, has_more: false },
  };
}

const schema = withCustomAttributes(loadStreamSchema('contacts'), customAttributeProperties(attributes, false));
const fields = Object.keys(schema.properties ?? {});
const transform = compileTransform(schema, fields);
const validate = compileValidator(schema);
const PAGE = 150;
const page = JSON.stringify({ type: 'list', data: Array.from({ length: PAGE }, (_, i) => contact(i)) });
const raws = (JSON.parse(page) as { data: Record<string, unknown>[] }).data;
const sample = transform(raws[0] as Record<string, unknown>);
const problem = validate(sample);
if (problem !== null) throw new Error(`sample record invalid: ${problem}`);

/** Best of 5 timed runs after a warm-up (other processes on the machine add noise). */
function rate(label: string, n: number, fn: () => void): void {
  fn();
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  process.stdout.write(`${label.padEnd(44)} ${Math.round(n / best).toLocaleString('en-US').padStart(12)} records/s\n`);
}

const ROUNDS = 100;
const N = ROUNDS * PAGE;
let sink = 0;
rate('transform only', N, () => {
  for (let r = 0; r < ROUNDS; r++) for (const raw of raws) sink += Object.keys(transform(raw)).length;
});
rate('parse + transform + serialise', N, () => {
  for (let r = 0; r < ROUNDS; r++) {
    const data = (JSON.parse(page) as { data: Record<string, unknown>[] }).data;
    for (const raw of data) sink += JSON.stringify({ type: 'RECORD', stream: 'contacts', record: transform(raw) }).length;
  }
});
rate('parse + transform + validate + serialise', N, () => {
  for (let r = 0; r < ROUNDS; r++) {
    const data = (JSON.parse(page) as { data: Record<string, unknown>[] }).data;
    for (const raw of data) {
      const record = transform(raw);
      if (validate(record) !== null) sink++;
      sink += JSON.stringify({ type: 'RECORD', stream: 'contacts', record }).length;
    }
  }
});
rate('parse + serialise only (no transform)', N, () => {
  for (let r = 0; r < ROUNDS; r++) {
    const data = (JSON.parse(page) as { data: Record<string, unknown>[] }).data;
    for (const raw of data) sink += JSON.stringify({ type: 'RECORD', stream: 'contacts', record: raw }).length;
  }
});
rate('dates: unixToRfc3339', N * 10, () => {
  for (let i = 0; i < N * 10; i++) sink += unixToRfc3339(1_700_000_000 + i * 37).length;
});
rate('dates: Date#toISOString', N * 10, () => {
  for (let i = 0; i < N * 10; i++) sink += new Date((1_700_000_000 + i * 37) * 1000).toISOString().replace('.000Z', 'Z').length;
});
process.stdout.write(`record bytes: ${JSON.stringify(sample).length} (checksum ${sink % 10})\n`);
