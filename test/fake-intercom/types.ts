/** Public contract of the fake Intercom server (re-exported by index.ts). */
import type { ProfileName } from './profiles';

export interface FakeIntercomOptions {
  port?: number;
  host?: string;
  token?: string;
  seed?: number;
  scale?: number;
  counts?: Partial<Record<string, number>>;
  latencyMs?: number;
  jitterMs?: number;
  rateLimitPer10s?: number;
  scrollExpiryMs?: number;
  anchor?: number;
  forbiddenScopes?: string[];
  /**
   * The kind of workspace to serve (profiles.ts): 'no-help-center', 'limited-token', 'restricted-plan', 'small-plan',
   * 'eu', 'v2.16'. `rateLimitPer10s`, when given, wins over the profile's budget. @default 'default'
   */
  profile?: ProfileName;
  /** Wall clock in ms for rate-limit windows and scroll expiry (tests inject a fixed one). @default Date.now */
  wallClock?: () => number;
  /**
   * Render every contact's JSON for POST /contacts/search before listening, so serving the search costs no
   * rendering (the CPU benchmark): `true` for the shapes a request without an Intercom-Version header gets (the
   * tap's default), or a list of Intercom-Version values. ~2.3 KB of memory per contact and shape family; takes
   * ~10 µs per contact at start. Contacts not rendered ahead are rendered on first use and cached. @default false
   */
  prerender?: boolean | readonly string[];
}

export interface FakeClock {
  now(): number;
  advance(seconds: number): void;
  set(unix: number): void;
}

export interface FakeIntercom {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly clock: FakeClock;
  updateRecords(stream: string, count: number): string[];
  createRecords(stream: string, count: number): string[];
  groundTruth(stream: string): GroundTruthRow[];
  stats(): FakeStats;
  resetStats(): void;
  setFaults(faults: FaultConfig): void;
  close(): Promise<void>;
}

export interface GroundTruthRow {
  id: string;
  updated_at?: number;
  created_at?: number;
  parent_id?: string;
}

export interface FakeStats {
  totalRequests: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  peakConcurrent: number;
  statusCounts: Record<string, number>;
}

export type FailKind =
  | 'server_error' | 'empty' | 'non_json' | 'reset' | 'hang' | 'rate_limit'
  | 'scroll_exists' | 'scroll_restart' | 'unauthorized' | 'forbidden'
  /** 403 api_plan_restricted, 404 not_found, 400 intercom_version_invalid, 422 pointing to another endpoint. */
  | 'plan_restricted' | 'not_found' | 'version_invalid' | 'use_other_endpoint';

/**
 * Records that break their shape, in the list answers of `routes` (every route when absent): every
 * `every`-th record of a page (default 1: each) from its first loses its `id`, or carries its
 * `updated_at` as an ISO 8601 text, null, or a text that is no time.
 */
export interface BadRecords {
  change: 'no_id' | 'iso_updated_at' | 'null_updated_at' | 'text_updated_at';
  every?: number;
}

export interface FaultConfig {
  routes?: string[];
  serverErrorRate?: number;
  emptyBodyRate?: number;
  nonJsonRate?: number;
  resetRate?: number;
  hangRate?: number;
  failNext?: Array<{ kind: FailKind; route?: string; count?: number }>;
  scrollExists?: boolean;
  latencyMs?: number;
  jitterMs?: number;
  consumeBudgetPer10s?: number;
  /**
   * 2xx answers on `route` whose list is wrong (`count` answers, default all): the value at `list` (a dotted
   * path; default the first top-level array) becomes null, an object, or is removed.
   */
  badList?: { route: string; as: 'null' | 'object' | 'absent'; list?: string; count?: number };
  /**
   * Rate headers that make no sense: Limit 0; Reset frozen at its first value (soon in the past, never
   * moving); Remaining 0 with a Reset an hour ahead.
   */
  rateHeaders?: 'limit_zero' | 'reset_frozen' | 'far_reset';
  /** 2xx JSON bodies that start with a UTF-8 BOM, or carry an invalid UTF-8 byte inside their first string. */
  bodyBytes?: 'bom' | 'invalid_utf8';
  /**
   * Schema drift: every 200 answer (of `routes`, when given) carries this top-level field in each record
   * of its lists (or in the body itself when it has no list), as when Intercom adds a field.
   */
  extraField?: { name: string; value?: unknown; routes?: string[] };
  badRecords?: BadRecords;
}
