/** Conversations, their parts, and tickets, generated from (seed, index). */
import { numId, partId } from './ids';
import { BODIES, SUBJECTS } from './pools';
import { recordRng } from './prng';
import { buildTag } from './small-sets';
import type { ApiVersion } from './version';
import type { World } from './world';

export const PARTS_MAX = 500;

function contactOf(w: World, i: number, salt: number): number {
  const n = w.tables.contacts.count;
  return n === 0 ? -1 : recordRng(w.seed, 'conversations', i, salt).int(n);
}

/** The conversation without its parts (what list and search return). */
export function buildConversation(w: World, i: number, v: ApiVersion): Record<string, unknown> {
  const t = w.tables.conversations;
  const r = recordRng(w.seed, 'conversations', i, 0);
  const created = t.created[i] as number;
  const updated = t.updated[i] as number;
  const ci = contactOf(w, i, 1);
  const state = r.pick(['open', 'closed', 'snoozed'] as const);
  const assignee = r.chance(0.7) ? r.int(w.fixed.admins) : -1;
  const team = r.chance(0.5) ? r.int(w.fixed.teams) : -1;
  const tagK = r.chance(0.6) ? [] : [r.int(w.fixed.tags)];
  const priority = v === '2.16' ? r.pick(['none', 'low', 'medium', 'high', 'urgent']) : r.chance(0.2) ? 'priority' : 'not_priority';
  const out: Record<string, unknown> = {
    type: 'conversation',
    id: numId('conversation', i),
    title: r.chance(0.5) ? null : r.pick(SUBJECTS),
    created_at: created,
    updated_at: updated,
    waiting_since: state === 'open' && r.chance(0.5) ? updated : null,
    snoozed_until: state === 'snoozed' ? updated + 86400 : null,
    open: state !== 'closed',
    state,
    read: r.chance(0.7),
    priority,
    admin_assignee_id: assignee < 0 ? (v === '2.16' ? 0 : null) : Number(numId('admin', assignee)),
    team_assignee_id: team < 0 ? (v === '2.16' ? 0 : null) : Number(numId('team', team)),
    tags: { type: 'tag.list', tags: tagK.map((k) => ({ ...buildTag(k), applied_at: created, applied_by: { type: 'admin', id: numId('admin', 0) } })) },
    conversation_rating: v === '2.16' && !r.chance(0.3) ? null : { rating: 1 + r.int(5), remark: r.chance(0.5) ? '' : 'Great 👍', created_at: updated, contact: { type: 'contact', id: ci < 0 ? null : w.ids.hex('contact', ci) }, teammate: { type: 'admin', id: numId('admin', 0) } },
    source: {
      type: 'conversation', id: String(900000000 + i), delivered_as: 'customer_initiated',
      subject: r.pick(SUBJECTS), body: r.pick(BODIES),
      author: { type: 'user', id: ci < 0 ? null : w.ids.hex('contact', ci), name: null, email: ci < 0 ? null : `person.${ci}@example.com` },
      attachments: [], url: null, redacted: false,
    },
    contacts: { type: 'contact.list', contacts: ci < 0 ? [] : [{ type: 'contact', id: w.ids.hex('contact', ci), external_id: null }] },
    teammates: { type: 'admin.list', teammates: assignee < 0 ? [] : [{ type: 'admin', id: numId('admin', assignee) }] },
    custom_attributes: { 'Issue Type': r.pick(['Bug', 'Question', null]) },
    first_contact_reply: { created_at: created, type: 'conversation', url: null },
    sla_applied: null,
    statistics: {
      type: 'conversation_statistics', time_to_assignment: r.int(3600), time_to_admin_reply: r.int(7200),
      time_to_first_close: state === 'closed' ? r.int(86400) : 0, count_reopens: r.int(3),
      count_assignments: r.int(4), count_conversation_parts: w.totalParts(i),
      first_contact_reply_at: created, last_contact_reply_at: updated,
    },
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent_participated: false,
    ai_agent: null,
  };
  // Both specs' examples carry them (2.16's list item component does not declare them).
  out['topics'] = {};
  out['ticket'] = null;
  return out;
}

export function conversationSearchRecord(w: World, i: number, v: ApiVersion): Record<string, unknown> {
  const c = buildConversation(w, i, v);
  const contacts = (c['contacts'] as { contacts: Array<{ id: string }> }).contacts;
  c['contact_ids'] = contacts.map((x) => x.id);
  c['teammate_ids'] = (c['teammates'] as { teammates: Array<{ id: string }> }).teammates.map((x) => x.id);
  c['tag_ids'] = (c['tags'] as { tags: Array<{ id: string }> }).tags.map((x) => x.id);
  c['channel_initiated'] = 'conversation';
  return c;
}

/** created_at of part p (0 = oldest) of conversation i. */
export function partTime(w: World, i: number, p: number, origUpdated: number): number {
  const base = w.baseParts(i);
  if (p >= base) return (w.extraParts.get(i) as number[])[p - base] as number;
  const created = w.tables.conversations.created[i] as number;
  if (base === 1) return created;
  return created + Math.floor(((origUpdated - created) * p) / (base - 1));
}

/** Part p of conversation i. */
export function buildPart(w: World, i: number, p: number, origUpdated: number): Record<string, unknown> {
  const r = recordRng(w.seed, 'parts', i, p);
  const at = partTime(w, i, p, origUpdated);
  const byAdmin = p > 0 && r.chance(0.6);
  const admin = r.int(w.fixed.admins);
  const ci = contactOf(w, i, 1);
  const kind = p === 0 ? 'comment' : r.pick(['comment', 'comment', 'note', 'assignment', 'open', 'close']);
  return {
    type: 'conversation_part', id: partId(i, p), part_type: kind,
    body: kind === 'comment' || kind === 'note' ? r.pick(BODIES) : null,
    created_at: at, updated_at: at, notified_at: at,
    assigned_to: kind === 'assignment' ? { type: 'admin', id: numId('admin', admin) } : null,
    author: byAdmin
      ? { type: 'admin', id: numId('admin', admin), name: `Admin ${admin}`, email: `admin.${admin}@fake-intercom.test` }
      : { type: 'user', id: ci < 0 ? 'unknown' : w.ids.hex('contact', ci), name: null, email: `person.${ci}@example.com` },
    attachments: [], external_id: null, redacted: false,
  };
}

/** Indices of the parts GET /conversations/{id} returns: at most the 500 newest, oldest first. */
export function returnedParts(w: World, i: number): { from: number; to: number; total: number } {
  const total = w.totalParts(i);
  return { from: Math.max(0, total - PARTS_MAX), to: total, total };
}

const TICKET_STATES = ['submitted', 'in_progress', 'waiting_on_customer', 'resolved'] as const;

export function buildTicket(w: World, i: number, v: ApiVersion, search = false): Record<string, unknown> {
  const t = w.tables.tickets;
  const r = recordRng(w.seed, 'tickets', i, 0);
  const cat = r.int(3);
  const state = r.pick(TICKET_STATES);
  const n = w.tables.contacts.count;
  const ci = n === 0 ? -1 : r.int(n);
  const assignee = r.chance(0.6) ? r.int(w.fixed.admins) : -1;
  const team = r.chance(0.5) ? r.int(w.fixed.teams) : -1;
  const title = `Ticket ${i}: ${r.pick(['Refund', 'Outage 🔥', 'Access request', 'Données'])}`;
  const out: Record<string, unknown> = {
    type: 'ticket',
    id: numId('ticket', i),
    ticket_id: String(i + 1),
    category: ['Customer', 'Back-office', 'Tracker'][cat],
    ticket_attributes: { _default_title_: title, _default_description_: r.chance(0.3) ? null : 'Details inside' },
    ticket_state: v === '2.16'
      ? { type: 'ticket_state', id: String(50 + TICKET_STATES.indexOf(state)), category: state, internal_label: state, external_label: state }
      : state,
    ticket_type: { type: 'ticket_type', id: numId('ticket_type', cat), name: ['Bug', 'Task', 'Tracker'][cat], description: 'Ticket type', ticket_type_attributes: { type: 'ticket_type_attributes.list', ticket_type_attributes: [] }, icon: '🐞', workspace_id: 'fake0app', archived: false, created_at: w.anchor - 800 * 86400, updated_at: w.anchor - 800 * 86400, is_internal: cat !== 0, category: ['Customer', 'Back-office', 'Tracker'][cat] },
    contacts: { type: 'contact.list', contacts: ci < 0 ? [] : [{ type: 'contact', id: w.ids.hex('contact', ci), external_id: null }] },
    admin_assignee_id: assignee < 0 ? (v === '2.16' ? 0 : '0') : v === '2.16' ? Number(numId('admin', assignee)) : numId('admin', assignee),
    team_assignee_id: team < 0 ? (v === '2.16' ? 0 : '0') : v === '2.16' ? Number(numId('team', team)) : numId('team', team),
    created_at: t.created[i],
    updated_at: t.updated[i],
    open: state !== 'resolved',
    snoozed_until: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ticket_parts: { type: 'ticket_part.list', ticket_parts: [], total_count: 0 },
    is_shared: cat === 0,
  };
  if (search) {
    out['state'] = state;
    out['title'] = title;
    out['ticket_type_id'] = numId('ticket_type', cat);
    out['contact_ids'] = ci < 0 ? [] : [w.ids.hex('contact', ci)];
    out['teammate_ids'] = assignee < 0 ? [] : [numId('admin', assignee)];
    out['category'] = ['request', 'task', 'tracker'][cat];
  }
  return out;
}
