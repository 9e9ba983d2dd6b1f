/** What the API would return, per tap stream name. */
import { dataAttributes } from './attributes';
import { partTime, returnedParts } from './conversations';
import { listableEvents } from './events';
import { noteId, numId, partId, uuidFrom } from './ids';
import { activityLogTime } from './small-sets';
import type { Table } from './table';
import type { GroundTruthRow } from './types';
import type { World } from './world';

function timed(t: Table, id: (i: number) => string): GroundTruthRow[] {
  const out: GroundTruthRow[] = [];
  for (let i = 0; i < t.count; i++) out.push({ id: id(i), created_at: t.created[i] as number, updated_at: t.updated[i] as number });
  return out;
}

const ids = (n: number, id: (k: number) => string): GroundTruthRow[] => Array.from({ length: n }, (_, k) => ({ id: id(k) }));

export function groundTruth(w: World, stream: string): GroundTruthRow[] {
  const T = w.tables;
  const hex = w.ids.hex.bind(w.ids);
  switch (stream) {
    case 'contacts':
      return timed(T.contacts, (i) => hex('contact', i));
    case 'companies':
      return timed(T.companies, (i) => hex('company', i));
    case 'conversations':
      return timed(T.conversations, (i) => numId('conversation', i));
    case 'tickets':
      return timed(T.tickets, (i) => numId('ticket', i));
    case 'segments':
      return timed(T.segments, (i) => hex('segment', i));
    case 'company_segments':
      return timed(T.company_segments, (i) => hex('company_segment', i));
    case 'help_center_collections':
      return timed(T.help_center_collections, (i) => numId('collection', i));
    case 'help_center_articles':
      return timed(T.help_center_articles, (i) => numId('article', i));
    case 'admins':
      return ids(w.fixed.admins, (k) => numId('admin', k));
    case 'teams':
      return ids(w.fixed.teams, (k) => numId('team', k));
    case 'tags':
      return ids(w.fixed.tags, (k) => numId('tag', k));
    case 'contact_attributes':
    case 'company_attributes': {
      // Every attribute, archived ones included (GET /data_attributes?include_archived=true).
      const model = stream === 'contact_attributes' ? 'contact' : 'company';
      return dataAttributes(model, true, w.anchor).map((a) => {
        const row: GroundTruthRow = { id: a['name'] as string };
        if (typeof a['created_at'] === 'number') row.created_at = a['created_at'];
        if (typeof a['updated_at'] === 'number') row.updated_at = a['updated_at'];
        return row;
      });
    }
    case 'notes': {
      const out: GroundTruthRow[] = [];
      for (let i = 0; i < T.contacts.count; i++) {
        for (let j = 0, n = w.contactNoteCount(i); j < n; j++) out.push({ id: noteId(i, j), parent_id: hex('contact', i) });
      }
      return out;
    }
    case 'activity_logs': {
      const out: GroundTruthRow[] = [];
      for (let k = 0; k < w.fixed.activity_logs; k++) {
        const at = activityLogTime(w, k);
        if (at <= w.now) out.push({ id: uuidFrom(w.seed * 7 + 1, k), created_at: at });
      }
      return out;
    }
    case 'events': {
      const out: GroundTruthRow[] = [];
      for (let i = 0; i < T.contacts.count; i += 9) {
        const cid = hex('contact', i);
        for (const e of listableEvents(w, i, w.now)) out.push({ id: `${cid}:${e.created_at}:${e.name}`, created_at: e.created_at, parent_id: cid });
      }
      return out;
    }
    case 'conversation_parts': {
      const out: GroundTruthRow[] = [];
      for (let i = 0; i < T.conversations.count; i++) {
        const { from, to } = returnedParts(w, i);
        const orig = w.convOrigUpdated(i);
        for (let p = from; p < to; p++) {
          const at = partTime(w, i, p, orig);
          out.push({ id: partId(i, p), parent_id: numId('conversation', i), created_at: at, updated_at: at });
        }
      }
      return out;
    }
    case 'contact_tags':
    case 'contact_companies':
    case 'contact_segments': {
      const out: GroundTruthRow[] = [];
      for (let i = 0; i < T.contacts.count; i++) {
        const parent = hex('contact', i);
        if (stream === 'contact_tags') for (const k of w.contactTags(i)) out.push({ id: numId('tag', k), parent_id: parent });
        if (stream === 'contact_companies') for (const c of w.contactCompanies(i)) out.push({ id: hex('company', c), parent_id: parent });
        if (stream === 'contact_segments') for (const s of w.contactSegments(i)) out.push({ id: hex('segment', s), parent_id: parent });
      }
      return out;
    }
    case 'company_contacts': {
      const out: GroundTruthRow[] = [];
      for (let c = 0; c < T.companies.count; c++) {
        for (const i of w.companyContacts(c)) out.push({ id: hex('contact', i), parent_id: hex('company', c) });
      }
      return out;
    }
    default:
      throw new Error(`fake-intercom: no ground truth for stream ${stream}`);
  }
}
