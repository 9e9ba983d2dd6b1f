/** Contact records (and their notes, tags, companies, segments) generated from (seed, index). */
import { CONTACT_CUSTOM_ATTRS, customAttributes } from './attributes';
import { noteId, numId } from './ids';
import { BROWSERS, CITIES, FIRST, LAST, OSES } from './pools';
import { recordRng } from './prng';
import type { ApiVersion } from './version';
import type { World } from './world';

const EMBED_MAX = 10;

function nameParts(w: World, i: number): { first: string; last: string } {
  const r = recordRng(w.seed, 'contacts', i, 8);
  return { first: r.pick(FIRST), last: r.pick(LAST) };
}

/** Email is parseable back to the index (`GET /events?email=`). */
export function contactEmail(i: number): string {
  return `person.${i}@example.com`;
}
export function contactExternalId(w: World, i: number): string | null {
  return w.contactRole(i) === 'user' ? `user-${i}` : null;
}
export function parseContactEmail(email: string): number {
  const m = /^person\.(\d+)@example\.com$/.exec(email);
  return m ? Number(m[1]) : -1;
}

function addressable(w: World, i: number, what: 'tags' | 'notes' | 'companies', items: Array<{ type: string; id: string; url: string }>): Record<string, unknown> {
  return {
    type: 'list',
    data: items.slice(0, EMBED_MAX),
    url: `/contacts/${w.ids.hex('contact', i)}/${what}`,
    total_count: items.length,
    has_more: items.length > EMBED_MAX,
  };
}

/** The `contact` object as the API returns it. */
export function buildContact(w: World, i: number, v: ApiVersion): Record<string, unknown> {
  const t = w.tables.contacts;
  const created = t.created[i] as number;
  const updated = t.updated[i] as number;
  const r = recordRng(w.seed, 'contacts', i, 0);
  const id = w.ids.hex('contact', i);
  const role = w.contactRole(i);
  const { first, last } = nameParts(w, i);
  const hasName = r.chance(0.9);
  const seen = r.chance(0.7) ? created + r.int(Math.max(1, updated - created + 1)) : null;
  const city = r.pick(CITIES);
  const ownerIdx = r.chance(0.5) ? r.int(w.fixed.admins) : -1;
  const ownerId = ownerIdx < 0 ? null : v === '2.16' ? numId('admin', ownerIdx) : Number(numId('admin', ownerIdx));
  const mobile = r.chance(0.15);
  const tags = w.contactTags(i).map((k) => ({ type: 'tag', id: numId('tag', k), url: `/tags/${numId('tag', k)}` }));
  const companies = w.contactCompanies(i).map((c) => ({ type: 'company', id: w.ids.hex('company', c), url: `/companies/${w.ids.hex('company', c)}` }));
  const notes: Array<{ type: string; id: string; url: string }> = [];
  for (let j = 0, n = w.contactNoteCount(i); j < n; j++) notes.push({ type: 'note', id: noteId(i, j), url: `/notes/${noteId(i, j)}` });
  const out: Record<string, unknown> = {
    type: 'contact',
    id,
    workspace_id: 'fake0app',
    external_id: contactExternalId(w, i),
    role,
    email: contactEmail(i),
    email_domain: 'example.com',
    phone: r.chance(0.3) ? `+3531${String(1000000 + i).slice(-7)}` : null,
    name: hasName ? `${first} ${last}` : null,
    owner_id: ownerId,
    has_hard_bounced: r.chance(0.02),
    marked_email_as_spam: r.chance(0.01),
    unsubscribed_from_emails: r.chance(0.1),
    created_at: created,
    updated_at: updated,
    signed_up_at: role === 'user' ? created : null,
    last_seen_at: seen,
    last_replied_at: r.chance(0.3) ? created + r.int(Math.max(1, updated - created + 1)) : null,
    last_contacted_at: r.chance(0.3) ? created + r.int(Math.max(1, updated - created + 1)) : null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: r.chance(0.1) ? 'fr' : null,
    browser: seen === null ? null : r.pick(BROWSERS),
    browser_version: seen === null ? null : `${100 + r.int(30)}.0`,
    browser_language: seen === null ? null : 'en',
    os: seen === null ? null : r.pick(OSES),
    location: { type: 'location', country: city[0], region: city[1], city: city[2], country_code: city[3], continent_code: city[4] },
    android_app_name: null, android_app_version: null, android_device: null, android_os_version: null,
    android_sdk_version: null, android_last_seen_at: null,
    ios_app_name: mobile ? 'Fake App' : null, ios_app_version: mobile ? '3.2.1' : null, ios_device: mobile ? 'iPhone15,2' : null,
    ios_os_version: mobile ? '17.1' : null, ios_sdk_version: mobile ? '15.0.0' : null, ios_last_seen_at: mobile ? seen : null,
    custom_attributes: customAttributes(recordRng(w.seed, 'contacts', i, 7), CONTACT_CUSTOM_ATTRS, w.anchor),
    avatar: r.chance(0.3) ? { type: 'avatar', image_url: `https://static.example.com/avatars/${i}.png` } : null,
    social_profiles: { type: 'list', data: [] },
    tags: addressable(w, i, 'tags', tags),
    notes: addressable(w, i, 'notes', notes),
    companies: addressable(w, i, 'companies', companies),
    opted_out_subscription_types: { type: 'list', data: [], url: `/contacts/${id}/subscriptions`, total_count: 0, has_more: false },
    opted_in_subscription_types: { type: 'list', data: [], url: `/contacts/${id}/subscriptions`, total_count: 0, has_more: false },
    utm_campaign: null, utm_content: null, utm_medium: null, utm_source: null, utm_term: null, referrer: null,
    // Sent by the real API though neither spec shows them (docs/intercom-api.md §4.10).
    sms_consent: false, unsubscribed_from_sms: false,
  };
  if (v === '2.16') out['enabled_push_messaging'] = mobile;
  if (v !== '2.16') out['formatted_phone'] = out['phone'];
  return out;
}

/** The record the search matcher sees: the contact plus hidden id arrays. */
export function contactSearchRecord(w: World, i: number, v: ApiVersion): Record<string, unknown> {
  const c = buildContact(w, i, v);
  c['tag_ids'] = w.contactTags(i).map((k) => numId('tag', k));
  c['segment_ids'] = w.contactSegments(i).map((s) => w.ids.hex('segment', s));
  c['company_ids'] = w.contactCompanies(i).map((k) => w.ids.hex('company', k));
  return c;
}

/** `note` object j of contact i. */
export function buildNote(w: World, i: number, j: number, v: ApiVersion, admin: (k: number) => Record<string, unknown>): Record<string, unknown> {
  const r = recordRng(w.seed, 'notes', i, j);
  const created = Math.min(w.tables.contacts.updated[i] as number, (w.tables.contacts.created[i] as number) + 3600 * (j + 1));
  const out: Record<string, unknown> = {
    type: 'note',
    id: noteId(i, j),
    created_at: created,
    contact: { type: 'contact', id: w.ids.hex('contact', i) },
    author: admin(r.int(w.fixed.admins)),
    body: `<p>Note ${j + 1}: called them ☎️</p>`,
  };
  if (v === '2.16') out['company'] = null;
  return out;
}
