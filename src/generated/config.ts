/* Generated from schemas/ by `npm run gen:types`. Do not edit. */
/**
 * Configuration of tap-intercom.
 */
export interface TapConfig {
/**
 * Intercom access token of an app with read scopes. Never logged.
 */
access_token: string
/**
 * How far back the first sync goes: an RFC 3339 date-time or a date (YYYY-MM-DD). Default: one year before now.
 */
start_date?: string
/**
 * Optional upper bound of the sync (RFC 3339 date-time or date). Default: the time the run starts.
 */
end_date?: string
/**
 * Intercom region of the workspace: us (api.intercom.io), eu (api.eu.intercom.io) or au (api.au.intercom.io).
 */
region?: ("us" | "eu" | "au")
/**
 * Overrides the regional API host (for proxies and the fake Intercom server). Plain http is allowed only for loopback hosts.
 */
base_url?: string
/**
 * Intercom API version sent as the Intercom-Version header.
 */
api_version?: string
/**
 * User-Agent header sent to Intercom; include a contact address.
 */
user_agent?: string
/**
 * Seconds to wait for one HTTP response before it is retried.
 */
request_timeout?: number
/**
 * Records per page requested from Intercom (1 to 150).
 */
page_size?: number
/**
 * Seconds re-read before each incremental bookmark, for records that become searchable late.
 */
lookback_window?: number
/**
 * Retries of one request after 429, 5xx, timeouts, connection errors and empty or non-JSON bodies.
 */
max_retries?: number
/**
 * Total seconds one request may spend retrying before the run fails.
 */
max_retry_seconds?: number
/**
 * Requests in flight at once (all streams together), within the rate budget.
 */
max_concurrency?: number
/**
 * Time windows of one search (contacts, conversations, tickets) read in parallel.
 */
search_parallelism?: number
/**
 * Worker threads that transform and serialise the records of large pages while the main thread reads the next ones (0: everything on the main thread).
 */
render_workers?: number
/**
 * Request budget per 10-second window to assume before Intercom's X-RateLimit headers are seen (166: 1,000 a minute, the smallest plan); the headers then set the pace.
 */
rate_limit_per_10s?: number
/**
 * redis:// URL: several tap processes using the same token share one rate budget through Redis.
 */
rate_limit_redis_url?: string
/**
 * Also add archived custom attributes to the contacts and companies schemas.
 */
include_archived_attributes?: boolean
/**
 * Sync only these contacts (fetched by id).
 */
contact_ids?: string[]
/**
 * Sync only these conversations (fetched by id).
 */
conversation_ids?: string[]
/**
 * Sync only these notes (fetched by id).
 */
note_ids?: string[]
/**
 * Sync only contacts of this role.
 */
contact_role?: ("user" | "lead")
/**
 * Sync only contacts in any of these segments.
 */
segment_ids?: string[]
/**
 * Sync only contacts with any of these tags.
 */
tag_ids?: string[]
/**
 * Sync only contacts of any of these companies.
 */
company_ids?: string[]
/**
 * Conversations assigned to: all, unassigned, or an admin id.
 */
conversation_admin?: string
/**
 * Sync only conversations in these states.
 */
conversation_states?: ("open" | "closed" | "snoozed")[]
/**
 * Skip (with a warning) a conversation whose details still fail after retries, instead of failing the run.
 */
skip_failed_conversations?: boolean
/**
 * How companies are read: scroll (everything) or list (POST /companies/list: hides companies without contacts, at most 10,000).
 */
companies_endpoint?: ("scroll" | "list")
/**
 * Whose events the events stream reads.
 */
event_types?: ("user" | "lead")[]
/**
 * Skip, with one warning each, the selected streams this workspace or token does not offer (403, 404 on the stream's endpoint, an endpoint the API version lacks); the others complete and the run exits 0. With false the others still complete, then the run exits 1.
 */
skip_unavailable_streams?: boolean
/**
 * Former name of skip_unavailable_streams, still read when that one is not set.
 */
skip_forbidden_streams?: boolean
/**
 * Check every record against its stream schema before writing it.
 */
validate_records?: boolean
/**
 * Log lines on stderr: readable text, or JSON objects.
 */
log_format?: ("text" | "json")
/**
 * Lowest level of log lines written to stderr.
 */
log_level?: ("debug" | "info" | "warn" | "error")
}

/** Settings with a default in schemas/config.json. */
export type DefaultedSetting =
  | "region"
  | "api_version"
  | "request_timeout"
  | "page_size"
  | "lookback_window"
  | "max_retries"
  | "max_retry_seconds"
  | "max_concurrency"
  | "search_parallelism"
  | "render_workers"
  | "rate_limit_per_10s"
  | "include_archived_attributes"
  | "conversation_admin"
  | "skip_failed_conversations"
  | "companies_endpoint"
  | "event_types"
  | "skip_unavailable_streams"
  | "validate_records"
  | "log_format"
  | "log_level";
