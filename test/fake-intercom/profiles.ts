/**
 * Workspace profiles: named kinds of real workspaces the tap meets, each a small set of differences from the
 * default fake (a product the workspace does not use, a token without a scope, a plan without an endpoint, a
 * smaller rate budget, another region, another default API version).
 */
import type { ApiVersion } from './version';

export const PROFILE_NAMES = ['default', 'no-help-center', 'limited-token', 'restricted-plan', 'small-plan', 'eu', 'v2.16'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** An answer a route gives in this workspace instead of its data. */
export interface RouteRefusal {
  method: string;
  /** A route pattern of routes.ts, e.g. '/help_center/collections'. */
  pattern: string;
  status: number;
  code: string;
  message: string;
}

export interface Profile {
  name: ProfileName;
  description: string;
  refusals: readonly RouteRefusal[];
  /** Requests per 10-second window (the plan's budget). */
  rateLimitPer10s?: number;
  /** `app.region` of GET /me ('US', 'Europe', 'Australia'). */
  region: string;
  /** The shapes a request without an Intercom-Version header gets (the workspace's default version). */
  defaultVersion: ApiVersion;
}

const notFound = (pattern: string): RouteRefusal => ({ method: 'GET', pattern, status: 404, code: 'not_found', message: 'Resource Not Found' });
const missingScope = (method: string, pattern: string, scope: string): RouteRefusal => ({
  method, pattern, status: 403, code: 'forbidden', message: `You do not have the required scope (${scope}) to access this resource.`,
});
const planRestricted = (method: string, pattern: string): RouteRefusal => ({
  method, pattern, status: 403, code: 'api_plan_restricted', message: 'Active subscription needed.',
});

const PROFILES: Record<ProfileName, Profile> = {
  default: { name: 'default', description: 'every product, every scope, 1,666 requests per 10 s', refusals: [], region: 'US', defaultVersion: '2.11' },
  'no-help-center': {
    name: 'no-help-center',
    description: 'the workspace does not use Help Center: its collections and articles answer 404 not_found',
    refusals: [notFound('/help_center/collections'), notFound('/articles')],
    region: 'US',
    defaultVersion: '2.11',
  },
  'limited-token': {
    name: 'limited-token',
    description: 'the token lacks the scopes of tickets, events and activity logs: 403 forbidden',
    refusals: [
      missingScope('POST', '/tickets/search', 'read_tickets'),
      missingScope('GET', '/events', 'read_events'),
      missingScope('GET', '/admins/activity_logs', 'read_admins_activity_logs'),
    ],
    region: 'US',
    defaultVersion: '2.11',
  },
  'restricted-plan': {
    name: 'restricted-plan',
    description: 'the plan has no conversations API: 403 api_plan_restricted',
    refusals: [
      planRestricted('POST', '/conversations/search'),
      planRestricted('GET', '/conversations'),
      planRestricted('GET', '/conversations/{id}'),
    ],
    region: 'US',
    defaultVersion: '2.11',
  },
  'small-plan': {
    name: 'small-plan',
    description: '1,000 requests a minute (166 per 10-second window)',
    refusals: [],
    rateLimitPer10s: 166,
    region: 'US',
    defaultVersion: '2.11',
  },
  eu: { name: 'eu', description: 'a workspace hosted in the EU region (api.eu.intercom.io)', refusals: [], region: 'Europe', defaultVersion: '2.11' },
  'v2.16': { name: 'v2.16', description: 'the workspace default API version is 2.16 (its shapes without an Intercom-Version header)', refusals: [], region: 'US', defaultVersion: '2.16' },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

export function profile(name: ProfileName = 'default'): Profile {
  return PROFILES[name];
}

/** The refusal a route gives in this profile, if any. */
export function refusalFor(p: Profile, method: string, pattern: string): RouteRefusal | undefined {
  return p.refusals.find((r) => r.method === method && r.pattern === pattern);
}
