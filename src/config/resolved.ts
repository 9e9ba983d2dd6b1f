import type { TapConfig } from '../generated/config';

/** Settings that always have a value after loading (schema defaults, or computed by src/config.ts). */
type Filled =
  | 'start_date'
  | 'region'
  | 'base_url'
  | 'api_version'
  | 'user_agent'
  | 'request_timeout'
  | 'page_size'
  | 'lookback_window'
  | 'max_retries'
  | 'max_retry_seconds'
  | 'max_concurrency'
  | 'rate_limit_per_10s'
  | 'search_parallelism'
  | 'render_workers'
  | 'include_archived_attributes'
  | 'conversation_admin'
  | 'skip_failed_conversations'
  | 'companies_endpoint'
  | 'event_types'
  | 'skip_forbidden_streams'
  | 'validate_records'
  | 'log_format'
  | 'log_level';

/** The config as the rest of the tap sees it: validated, defaults filled, start_date normalised to RFC 3339 UTC. */
export type ResolvedConfig = Omit<TapConfig, Filled> & Required<Pick<TapConfig, Filled>>;
