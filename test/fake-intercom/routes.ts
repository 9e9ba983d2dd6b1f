/** The route table: method + path pattern → handler and the OAuth scope it needs. */
import { companyContacts, companySegments, getCompany, listCompanies, scrollCompanies } from './company-routes';
import { contactCompanies, contactNotes, contactSegments, contactTags, getContact, getNote, listContacts } from './contact-routes';
import { getConversation, listConversations } from './conversation-routes';
import type { Handler } from './http-types';
import {
  activityLogs, counts, getAdmin, listAdmins, listArticles, listCollections, listDataAttributes, listEvents,
  listSegments, listTags, listTeams, me,
} from './misc-routes';
import { searchContacts, searchConversations, searchTickets } from './search-routes';

export interface Route {
  method: string;
  pattern: string;
  /** Scope a token needs (403 `forbidden` when it is in `forbiddenScopes`); null when none. */
  scope: string | null;
  handler: Handler;
  segments: string[];
}

const table: Array<[string, string, string | null, Handler]> = [
  ['GET', '/me', null, me],
  ['GET', '/admins', 'read_admins', listAdmins],
  ['GET', '/admins/activity_logs', 'read_admins', activityLogs],
  ['GET', '/admins/{id}', 'read_admins', getAdmin],
  ['GET', '/teams', null, listTeams],
  ['GET', '/tags', null, listTags],
  ['GET', '/segments', null, listSegments],
  ['GET', '/data_attributes', null, listDataAttributes],
  ['GET', '/counts', null, counts],
  ['GET', '/companies/scroll', 'read_companies', scrollCompanies],
  ['POST', '/companies/list', 'read_companies', listCompanies],
  ['GET', '/companies/{id}', 'read_companies', getCompany],
  ['GET', '/companies/{id}/segments', 'read_companies', companySegments],
  ['GET', '/companies/{id}/contacts', 'read_companies', companyContacts],
  ['GET', '/contacts', 'read_users', listContacts],
  ['POST', '/contacts/search', 'read_users', searchContacts],
  ['GET', '/contacts/{id}', 'read_users', getContact],
  ['GET', '/contacts/{id}/tags', 'read_users', contactTags],
  ['GET', '/contacts/{id}/companies', 'read_users', contactCompanies],
  ['GET', '/contacts/{id}/notes', 'read_users', contactNotes],
  ['GET', '/contacts/{id}/segments', 'read_users', contactSegments],
  ['GET', '/notes/{id}', 'read_users', getNote],
  ['GET', '/conversations', 'read_conversations', listConversations],
  ['POST', '/conversations/search', 'read_conversations', searchConversations],
  ['GET', '/conversations/{id}', 'read_conversations', getConversation],
  ['POST', '/tickets/search', 'read_tickets', searchTickets],
  ['GET', '/events', 'read_events', listEvents],
  ['GET', '/help_center/collections', 'read_articles', listCollections],
  ['GET', '/articles', 'read_articles', listArticles],
];

export const ROUTES: Route[] = table.map(([method, pattern, scope, handler]) => ({
  method, pattern, scope, handler, segments: pattern.split('/').filter(Boolean),
}));

export type RouteMatch = { route: Route; params: Record<string, string> } | { route: null; methodMismatch: boolean };

/** Literal segments win over `{param}` ones (so /companies/scroll is not /companies/{id}). */
export function matchRoute(method: string, path: string): RouteMatch {
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
  let methodMismatch = false;
  for (const route of ROUTES) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let okay = true;
    route.segments.forEach((seg, k) => {
      const part = parts[k] as string;
      if (seg.startsWith('{')) params[seg.slice(1, -1)] = part;
      else if (seg === part) literals++;
      else okay = false;
    });
    if (!okay) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    if (!best || literals > best.literals) best = { route, params, literals };
  }
  return best ? { route: best.route, params: best.params } : { route: null, methodMismatch };
}
