/**
 * The contact object as JSON text, built directly: the same bytes as `JSON.stringify(buildContact(w, i, v))`
 * (a test compares them) without the object and the generic serialiser in between. Contact search serves it
 * from contact-cache.ts, which renders each contact once. Draws from the same generators in the same
 * order as buildContact; keep the two in step.
 */
import { CONTACT_CUSTOM_ATTRS, WORDS } from './attributes';
import { contactEmail } from './contacts';
import { noteId, numId } from './ids';
import { BROWSERS, CITIES, FIRST, LAST, OSES } from './pools';
import { recordRng, type Rng } from './prng';
import type { ApiVersion } from './version';
import type { World } from './world';

const EMBED_MAX = 10;
const q = (s: string | null): string => JSON.stringify(s);

const NAMES: string[][] = FIRST.map((f) => LAST.map((l) => q(`${f} ${l}`)));
const LOCATIONS: string[] = CITIES.map(
  (c) => `{"type":"location","country":${q(c[0])},"region":${q(c[1])},"city":${q(c[2])},"country_code":${q(c[3])},"continent_code":${q(c[4])}}`,
);
const BROWSER_JSON = BROWSERS.map(q);
const OS_JSON = OSES.map(q);
const WORD_JSON = WORDS.map(q);
const ATTR_KEYS = CONTACT_CUSTOM_ATTRS.map((a) => `${q(a.name)}:`);

/** customAttributes(rng, CONTACT_CUSTOM_ATTRS, anchor) as JSON (attrValue's draws, inlined). */
function customAttributesJson(rng: Rng, anchor: number): string {
  let out = '{';
  let first = true;
  for (let k = 0; k < CONTACT_CUSTOM_ATTRS.length; k++) {
    const a = CONTACT_CUSTOM_ATTRS[k] as (typeof CONTACT_CUSTOM_ATTRS)[number];
    let v: string;
    if (rng.chance(a.nullRate)) {
      if (a.archived) continue;
      v = 'null';
    } else {
      switch (a.type) {
        case 'string':
          v = WORD_JSON[rng.int(WORD_JSON.length)] as string;
          break;
        case 'integer':
          v = String(rng.range(-5, 5000));
          break;
        case 'float':
          v = String(Math.round(rng.next() * 1e6) / 100);
          break;
        case 'boolean':
          v = rng.chance(0.5) ? 'true' : 'false';
          break;
        case 'date':
          v = String(anchor - rng.int(3 * 365 * 86400) + 180 * 86400);
          break;
      }
    }
    out += (first ? '' : ',') + (ATTR_KEYS[k] as string) + v;
    first = false;
  }
  return `${out}}`;
}

function listJson(items: string[], total: number, url: string): string {
  const shown = items.length > EMBED_MAX ? items.slice(0, EMBED_MAX) : items;
  return `{"type":"list","data":[${shown.join(',')}],"url":"${url}","total_count":${total},"has_more":${total > EMBED_MAX}}`;
}

/** JSON.stringify(buildContact(w, i, v)), byte for byte. */
export function contactJson(w: World, i: number, v: ApiVersion): string {
  const t = w.tables.contacts;
  const created = t.created[i] as number;
  const updated = t.updated[i] as number;
  const r = recordRng(w.seed, 'contacts', i, 0);
  const id = w.ids.hex('contact', i);
  const role = w.contactRole(i);
  const nr = recordRng(w.seed, 'contacts', i, 8);
  const fi = nr.int(FIRST.length);
  const li = nr.int(LAST.length);
  const hasName = r.chance(0.9);
  const seen = r.chance(0.7) ? created + r.int(Math.max(1, updated - created + 1)) : null;
  const city = r.int(CITIES.length);
  const ownerIdx = r.chance(0.5) ? r.int(w.fixed.admins) : -1;
  const ownerId = ownerIdx < 0 ? 'null' : v === '2.16' ? `"${numId('admin', ownerIdx)}"` : numId('admin', ownerIdx);
  const mobile = r.chance(0.15);
  const tags = w.contactTags(i).map((k) => {
    const tid = numId('tag', k);
    return `{"type":"tag","id":"${tid}","url":"/tags/${tid}"}`;
  });
  const companyIdx = w.contactCompanies(i);
  const companies = companyIdx.map((c) => {
    const cid = w.ids.hex('company', c);
    return `{"type":"company","id":"${cid}","url":"/companies/${cid}"}`;
  });
  const noteCount = w.contactNoteCount(i);
  const notes: string[] = [];
  for (let j = 0; j < noteCount && j < EMBED_MAX; j++) {
    const nid = noteId(i, j);
    notes.push(`{"type":"note","id":"${nid}","url":"/notes/${nid}"}`);
  }
  const phone = r.chance(0.3) ? `"+3531${String(1000000 + i).slice(-7)}"` : 'null';
  const hardBounced = r.chance(0.02);
  const spam = r.chance(0.01);
  const unsubscribed = r.chance(0.1);
  const span = Math.max(1, updated - created + 1);
  const replied = r.chance(0.3) ? String(created + r.int(span)) : 'null';
  const contacted = r.chance(0.3) ? String(created + r.int(span)) : 'null';
  const language = r.chance(0.1) ? '"fr"' : 'null';
  const browser = seen === null ? 'null' : (BROWSER_JSON[r.int(BROWSER_JSON.length)] as string);
  const browserVersion = seen === null ? 'null' : `"${100 + r.int(30)}.0"`;
  const os = seen === null ? 'null' : (OS_JSON[r.int(OS_JSON.length)] as string);
  const custom = customAttributesJson(recordRng(w.seed, 'contacts', i, 7), w.anchor);
  const avatar = r.chance(0.3) ? `{"type":"avatar","image_url":"https://static.example.com/avatars/${i}.png"}` : 'null';
  const seenJson = seen === null ? 'null' : String(seen);
  const m = (s: string): string => (mobile ? s : 'null');
  const subscriptions = `{"type":"list","data":[],"url":"/contacts/${id}/subscriptions","total_count":0,"has_more":false}`;
  return (
    `{"type":"contact","id":"${id}","workspace_id":"fake0app","external_id":${role === 'user' ? `"user-${i}"` : 'null'},` +
    `"role":"${role}","email":${q(contactEmail(i))},"email_domain":"example.com","phone":${phone},` +
    `"name":${hasName ? (NAMES[fi]?.[li] as string) : 'null'},"owner_id":${ownerId},` +
    `"has_hard_bounced":${hardBounced},"marked_email_as_spam":${spam},"unsubscribed_from_emails":${unsubscribed},` +
    `"created_at":${created},"updated_at":${updated},"signed_up_at":${role === 'user' ? String(created) : 'null'},` +
    `"last_seen_at":${seenJson},"last_replied_at":${replied},"last_contacted_at":${contacted},` +
    `"last_email_opened_at":null,"last_email_clicked_at":null,"language_override":${language},` +
    `"browser":${browser},"browser_version":${browserVersion},"browser_language":${seen === null ? 'null' : '"en"'},"os":${os},` +
    `"location":${LOCATIONS[city] as string},` +
    `"android_app_name":null,"android_app_version":null,"android_device":null,"android_os_version":null,` +
    `"android_sdk_version":null,"android_last_seen_at":null,` +
    `"ios_app_name":${m('"Fake App"')},"ios_app_version":${m('"3.2.1"')},"ios_device":${m('"iPhone15,2"')},` +
    `"ios_os_version":${m('"17.1"')},"ios_sdk_version":${m('"15.0.0"')},"ios_last_seen_at":${mobile ? seenJson : 'null'},` +
    `"custom_attributes":${custom},"avatar":${avatar},"social_profiles":{"type":"list","data":[]},` +
    `"tags":${listJson(tags, tags.length, `/contacts/${id}/tags`)},` +
    `"notes":${listJson(notes, noteCount, `/contacts/${id}/notes`)},` +
    `"companies":${listJson(companies, companies.length, `/contacts/${id}/companies`)},` +
    `"opted_out_subscription_types":${subscriptions},"opted_in_subscription_types":${subscriptions},` +
    `"utm_campaign":null,"utm_content":null,"utm_medium":null,"utm_source":null,"utm_term":null,"referrer":null,` +
    `"sms_consent":false,"unsubscribed_from_sms":false` +
    `${v === '2.16' ? `,"enabled_push_messaging":${mobile}` : ''}${v !== '2.16' ? `,"formatted_phone":${phone}` : ''}}`
  );
}
