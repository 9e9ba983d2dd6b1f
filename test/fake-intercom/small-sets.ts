/** The small fixed sets: admins, teams, tags, segments, help center, activity logs. */
import { numId, uuidFrom } from './ids';
import { FIRST, LAST, TAG_NAMES } from './pools';
import { recordRng } from './prng';
import type { ApiVersion } from './version';
import type { World } from './world';

export function buildAdmin(w: World, k: number, v: ApiVersion): Record<string, unknown> {
  const r = recordRng(w.seed, 'admins', k);
  const teams = w.fixed.teams;
  const teamIds = [Number(numId('team', k % teams))];
  const image = r.chance(0.6) ? `https://static.example.com/admins/${k}.png` : null;
  const out: Record<string, unknown> = {
    type: 'admin',
    id: numId('admin', k),
    name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
    email: `admin.${k}@fake-intercom.test`,
    job_title: r.chance(0.7) ? 'Support Engineer' : '',
    away_mode_enabled: r.chance(0.1),
    away_mode_reassign: false,
    away_status_reason_id: null,
    has_inbox_seat: k !== 0,
    team_ids: teamIds,
    avatar: v === '2.16' ? image : { type: 'avatar', image_url: image ?? 'https://static.example.com/admins/default.png' },
    team_priority_level: { primary_team_ids: teamIds, secondary_team_ids: [] },
  };
  if (v === '2.16') out['role'] = k === 0 ? { type: 'role', id: '1', name: 'Admin' } : null;
  return out;
}

export function buildTeam(w: World, k: number, v: ApiVersion): Record<string, unknown> {
  const adminIds: number[] = [];
  for (let a = 0; a < w.fixed.admins; a++) if (a % w.fixed.teams === k) adminIds.push(Number(numId('admin', a)));
  const out: Record<string, unknown> = {
    type: 'team', id: numId('team', k), name: ['Support', 'Sales 💼', 'Billing', 'Tier 2'][k % 4] + (k >= 4 ? ` ${k}` : ''),
    admin_ids: adminIds, admin_priority_level: { primary_admin_ids: adminIds, secondary_admin_ids: [] },
  };
  if (v === '2.16') {
    out['assignment_limit'] = null;
    out['distribution_method'] = 'round_robin';
  }
  return out;
}

export function buildTag(k: number): Record<string, unknown> {
  const base = TAG_NAMES[k % TAG_NAMES.length] as string;
  return { type: 'tag', id: numId('tag', k), name: k < TAG_NAMES.length ? base : `${base} ${k}` };
}

export function buildSegment(w: World, k: number, company: boolean, count: number | null): Record<string, unknown> {
  const t = company ? w.tables.company_segments : w.tables.segments;
  const names = company ? ['Big accounts', 'Paying', 'Trialing', 'Dormant'] : ['All users', 'All leads', 'Active', 'New', 'Slipping away', 'VIP ⭐', 'Europe', 'Mobile'];
  const out: Record<string, unknown> = {
    type: 'segment',
    id: w.ids.hex(company ? 'company_segment' : 'segment', k),
    name: (names[k % names.length] as string) + (k >= names.length ? ` ${k}` : ''),
    created_at: t.created[k],
    updated_at: t.updated[k],
    person_type: k === 1 && !company ? 'contact' : 'user',
  };
  if (count !== null) out['count'] = count;
  return out;
}

export function buildCollection(w: World, k: number): Record<string, unknown> {
  const t = w.tables.help_center_collections;
  const id = numId('collection', k);
  return {
    id, workspace_id: 'fake0app', name: ['Getting started', 'Billing 💳', 'API', 'Intégrations'][k % 4] + ` ${k}`,
    description: k % 3 === 0 ? null : `Articles about topic ${k}`,
    created_at: t.created[k], updated_at: t.updated[k], url: `https://help.example.com/en/collections/${id}`,
    icon: 'book-bookmark', order: k + 1, default_locale: 'en', translated_content: null,
    parent_id: k >= 6 ? numId('collection', k % 3) : null, help_center_id: 1,
  };
}

export function buildArticle(w: World, k: number, v: ApiVersion): Record<string, unknown> {
  const t = w.tables.help_center_articles;
  const r = recordRng(w.seed, 'help_center_articles', k);
  const id = numId('article', k);
  const parent = w.fixed.help_center_collections > 0 ? Number(numId('collection', k % w.fixed.help_center_collections)) : null;
  const out: Record<string, unknown> = {
    type: 'article', id, workspace_id: 'fake0app', title: `How to do thing #${k} ✨`,
    description: r.chance(0.2) ? null : `A short guide number ${k}`,
    body: `<p>Step one of article ${k}.</p>`, author_id: Number(numId('admin', r.int(w.fixed.admins))),
    state: r.chance(0.8) ? 'published' : 'draft', created_at: t.created[k], updated_at: t.updated[k],
    url: `https://help.example.com/en/articles/${id}`, parent_ids: parent === null ? [] : [parent],
    default_locale: 'en', translated_content: null,
  };
  if (v !== '2.16') {
    out['parent_id'] = parent;
    out['parent_type'] = parent === null ? null : 'collection';
  }
  return out;
}

const ACTIVITY_TYPES = ['admin_login_success', 'app_name_change', 'message_state_change', 'admin_away_mode_change', 'conversation_topic_change', 'role_change'];

/** created_at of activity log k: fixed, ascending in k, spread over two years before the anchor. */
export function activityLogTime(w: World, k: number): number {
  const n = w.fixed.activity_logs;
  return w.anchor - 730 * 86400 + Math.floor(((k + 0.5) * 730 * 86400) / Math.max(1, n));
}

export function buildActivityLog(w: World, k: number): Record<string, unknown> {
  const r = recordRng(w.seed, 'activity_logs', k);
  const admin = r.int(w.fixed.admins);
  return {
    id: uuidFrom(w.seed * 7 + 1, k),
    performed_by: { type: 'admin', id: numId('admin', admin), email: `admin.${admin}@fake-intercom.test`, ip: `10.0.${admin}.${k % 250}` },
    metadata: { before: r.chance(0.5) ? { name: 'old' } : null, after: { name: 'new ünïcode ✓' } },
    created_at: activityLogTime(w, k),
    activity_type: r.pick(ACTIVITY_TYPES),
    activity_description: `Admin ${admin} did something #${k}.`,
  };
}
