/** Small endpoints: me, admins, activity logs, teams, tags, segments, data attributes, events, counts, help center. */
import { dataAttributes } from './attributes';
import { contactExternalId, contactEmail, parseContactEmail } from './contacts';
import { buildConversation } from './conversations';
import { listableEvents } from './events';
import { ApiError, decodeCursor, encodeCursor, pageNumber, perPage, type Ctx, type Reply, type Services } from './http-types';
import { parseNumId } from './ids';
import { activityLogTime, buildActivityLog, buildAdmin, buildArticle, buildCollection, buildSegment, buildTag, buildTeam } from './small-sets';
import type { Table } from './table';

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

export function me(ctx: Ctx): Reply {
  const a = buildAdmin(ctx.w, 0, ctx.version);
  return {
    status: 200,
    json: {
      type: 'admin', id: a['id'], email: a['email'], name: a['name'], email_verified: true,
      app: { type: 'app', id_code: 'fake0app', name: 'Fake Intercom ✨', created_at: ctx.w.anchor - 1000 * 86400, secure: false, identity_verification: false, timezone: 'UTC', region: ctx.region },
      avatar: { type: 'avatar', image_url: null }, has_inbox_seat: true,
    },
  };
}

export function listAdmins(ctx: Ctx): Reply {
  return { status: 200, json: { type: 'admin.list', admins: range(ctx.w.fixed.admins).map((k) => buildAdmin(ctx.w, k, ctx.version)) } };
}

export function getAdmin(ctx: Ctx): Reply {
  const k = parseNumId('admin', ctx.params['id'] ?? '');
  if (k < 0 || k >= ctx.w.fixed.admins) throw new ApiError(404, 'admin_not_found', 'Admin not found');
  return { status: 200, json: buildAdmin(ctx.w, k, ctx.version) };
}

function unixParam(ctx: Ctx, name: string, required: boolean): number | null {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') {
    if (required) throw new ApiError(400, 'parameter_not_found', `${name} is a required parameter`);
    return null;
  }
  if (!/^\d+$/.test(raw)) throw new ApiError(400, 'parameter_invalid', `${name} must be a unix timestamp`);
  return Number(raw);
}

/** GET /admins/activity_logs: newest first, page-number paged with `pages.next` a URL (null on the last page). */
export function activityLogs(ctx: Ctx): Reply {
  const w = ctx.w;
  const after = unixParam(ctx, 'created_at_after', true) as number;
  const before = unixParam(ctx, 'created_at_before', false);
  const per = perPage(ctx.query.get('per_page'), 20);
  const after0 = ctx.query.get('starting_after');
  const fromCursor = after0 ? decodeCursor(after0)[0] : undefined;
  const page = typeof fromCursor === 'number' ? fromCursor : pageNumber(ctx.query.get('page'));
  const ks: number[] = [];
  for (let k = w.fixed.activity_logs - 1; k >= 0; k--) {
    const at = activityLogTime(w, k);
    if (at >= after && (before === null || at <= before) && at <= w.now) ks.push(k);
  }
  const totalPages = Math.max(1, Math.ceil(ks.length / per));
  // `next` as the spec's cursor object (send `starting_after`, or `page`); null on the last page as in the example.
  const next = page < totalPages ? { page: page + 1, per_page: per, starting_after: encodeCursor([page + 1]) } : null;
  return {
    status: 200,
    json: {
      type: 'activity_log.list',
      pages: { type: 'pages', next, page, per_page: per, total_pages: totalPages },
      activity_logs: ks.slice((page - 1) * per, page * per).map((k) => buildActivityLog(w, k)),
    },
  };
}

export function listTeams(ctx: Ctx): Reply {
  return { status: 200, json: { type: 'team.list', teams: range(ctx.w.fixed.teams).map((k) => buildTeam(ctx.w, k, ctx.version)) } };
}

export function listTags(ctx: Ctx): Reply {
  return { status: 200, json: { type: 'list', data: range(ctx.w.fixed.tags).map(buildTag) } };
}

/** GET /segments (`?type=company` for company segments, `include_count=true` adds `count`). */
export function listSegments(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const company = ctx.query.get('type') === 'company';
  const withCount = ctx.query.get('include_count') === 'true';
  const n = company ? w.fixed.company_segments : w.fixed.segments;
  let counts: number[] = [];
  if (withCount) {
    counts = company
      ? svc.memo('company-segment-counts', w.tables.companies.version, () => {
          const c = new Array<number>(n).fill(0);
          for (let k = 0; k < w.tables.companies.count; k++) for (const s of w.companySegments(k)) c[s] = (c[s] as number) + 1;
          return c;
        })
      : svc.memo('segment-counts', w.tables.contacts.version, () => {
          const c = new Array<number>(n).fill(0);
          for (let k = 0; k < w.tables.contacts.count; k++) for (const s of w.contactSegments(k)) c[s] = (c[s] as number) + 1;
          return c;
        });
  }
  return { status: 200, json: { type: 'segment.list', segments: range(n).map((k) => buildSegment(w, k, company, withCount ? (counts[k] ?? 0) : null)) } };
}

export function listDataAttributes(ctx: Ctx): Reply {
  const model = ctx.query.get('model');
  const archived = ctx.query.get('include_archived') === 'true';
  if (model === 'conversation') {
    if (ctx.version === '2.16') throw new ApiError(422, 'parameter_invalid', 'Conversation attributes are listed at /conversations/attributes');
    return { status: 200, json: { type: 'list', data: [] } };
  }
  if (model !== null && model !== 'contact' && model !== 'company') throw new ApiError(400, 'parameter_invalid', `model ${model} is invalid`);
  const data = [
    ...(model === null || model === 'contact' ? dataAttributes('contact', archived, ctx.w.anchor) : []),
    ...(model === null || model === 'company' ? dataAttributes('company', archived, ctx.w.anchor) : []),
  ];
  return { status: 200, json: { type: 'list', data } };
}

/** GET /events?type=user&intercom_user_id|user_id|email: newest first, `pages.next` a URL with `before=`. */
export function listEvents(ctx: Ctx): Reply {
  const w = ctx.w;
  if (ctx.query.get('type') !== 'user') throw new ApiError(400, 'parameter_not_found', 'type=user is required');
  const ids = ['intercom_user_id', 'user_id', 'email'].filter((k) => ctx.query.get(k));
  if (ids.length !== 1) throw new ApiError(400, 'parameter_invalid', 'Exactly one of intercom_user_id, user_id, email is required');
  let i = -1;
  const iu = ctx.query.get('intercom_user_id');
  const uid = ctx.query.get('user_id');
  const email = ctx.query.get('email');
  if (iu) i = w.ids.parseHex('contact', iu);
  else if (uid) i = /^user-\d+$/.test(uid) ? Number(uid.slice(5)) : -1;
  else if (email) i = parseContactEmail(email);
  if (i < 0 || i >= w.tables.contacts.count || (uid && contactExternalId(w, i) !== uid)) throw new ApiError(404, 'not_found', 'User Not Found');
  const per = perPage(ctx.query.get('per_page'), 15);
  const beforeRaw = ctx.query.get('before');
  const before = beforeRaw && /^\d+$/.test(beforeRaw) ? Number(beforeRaw) : Infinity;
  const all = listableEvents(w, i, w.now).filter((e) => e.created_at < before);
  const pageEvents = all.slice(0, per);
  const cid = w.ids.hex('contact', i);
  const base = new URLSearchParams({ type: 'user', intercom_user_id: cid, per_page: String(per) });
  const pages: Record<string, unknown> = { since: `${ctx.baseUrl}/events?${base.toString()}&since=${w.now}` };
  const last = pageEvents[pageEvents.length - 1];
  if (all.length > per && last) pages['next'] = `${ctx.baseUrl}/events?${base.toString()}&before=${last.created_at}`;
  return {
    status: 200,
    json: {
      type: 'event.list',
      events: pageEvents.map((e) => ({
        type: 'event', event_name: e.name, created_at: e.created_at, user_id: contactExternalId(w, i),
        id: `${cid.slice(-8)}${e.created_at.toString(16)}`, intercom_user_id: cid, email: contactEmail(i), metadata: e.metadata,
      })),
      pages,
    },
  };
}

/** `?type=conversation` (legacy docs): open/closed/assigned/unassigned, per admin with `count=admin`. */
function conversationCounts(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const t = w.tables.conversations;
  const c = svc.memo('conversation-counts', t.version, () => {
    const acc = { open: 0, closed: 0, unassigned: 0, assigned: 0, admins: new Map<string, { open: number; closed: number }>() };
    for (let i = 0; i < t.count; i++) {
      const conv = buildConversation(w, i, '2.16');
      const open = conv['open'] === true;
      if (open) acc.open++;
      else acc.closed++;
      const admin = conv['admin_assignee_id'] as number;
      if (admin === 0) acc.unassigned++;
      else {
        acc.assigned++;
        const a = acc.admins.get(String(admin)) ?? { open: 0, closed: 0 };
        if (open) a.open++;
        else a.closed++;
        acc.admins.set(String(admin), a);
      }
    }
    return acc;
  });
  const conversation: Record<string, unknown> = { open: c.open, closed: c.closed, unassigned: c.unassigned, assigned: c.assigned };
  if (ctx.query.get('count') === 'admin') {
    conversation['admin'] = range(w.fixed.admins).map((k) => {
      const a = buildAdmin(w, k, ctx.version);
      const n = c.admins.get(a['id'] as string) ?? { open: 0, closed: 0 };
      return { id: a['id'], name: a['name'], open: n.open, closed: n.closed };
    });
  }
  return { status: 200, json: { type: 'count', conversation } };
}

export function counts(ctx: Ctx, svc: Services): Reply {
  const w = ctx.w;
  const type = ctx.query.get('type');
  if (type === 'conversation') return conversationCounts(ctx, svc);
  if (type !== null) throw new ApiError(400, 'parameter_invalid', `count type ${type} is not supported`);
  const roles = svc.memo('role-counts', w.tables.contacts.version, () => {
    let users = 0;
    for (let k = 0; k < w.tables.contacts.count; k++) if (w.contactRole(k) === 'user') users++;
    return { users, leads: w.tables.contacts.count - users };
  });
  return {
    status: 200,
    json: {
      type: 'count.hash', company: { count: w.tables.companies.count }, user: { count: roles.users },
      lead: { count: roles.leads }, tag: { count: w.fixed.tags }, segment: { count: w.fixed.segments + w.fixed.company_segments },
    },
  };
}

/** Page-number paging in descending updated_at order (ties by index). */
function byUpdatedDesc(t: Table): number[] {
  return range(t.count).sort((a, b) => (t.updated[b] as number) - (t.updated[a] as number) || a - b);
}

function helpCenterList(ctx: Ctx, t: Table, build: (k: number) => Record<string, unknown>): Reply {
  const per = perPage(ctx.query.get('per_page'), 15);
  const page = pageNumber(ctx.query.get('page'));
  const all = byUpdatedDesc(t);
  const totalPages = Math.max(1, Math.ceil(all.length / per));
  const pages: Record<string, unknown> = { type: 'pages', page, per_page: per, total_pages: totalPages };
  if (page < totalPages) pages['next'] = { page: page + 1, per_page: per };
  return { status: 200, json: { type: 'list', data: all.slice((page - 1) * per, page * per).map(build), total_count: all.length, pages } };
}

export function listCollections(ctx: Ctx): Reply {
  return helpCenterList(ctx, ctx.w.tables.help_center_collections, (k) => buildCollection(ctx.w, k));
}

export function listArticles(ctx: Ctx): Reply {
  return helpCenterList(ctx, ctx.w.tables.help_center_articles, (k) => buildArticle(ctx.w, k, ctx.version));
}

