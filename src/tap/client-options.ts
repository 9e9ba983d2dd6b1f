import type { ClientOptions } from '../http/client';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';

/** The HTTP client's options from the tap's config: the one place that maps settings to the client. */
export function clientOptionsFromConfig(config: ResolvedConfig, logger: Logger): ClientOptions {
  return {
    baseUrl: config.base_url,
    token: config.access_token,
    apiVersion: config.api_version,
    userAgent: config.user_agent,
    timeoutMs: config.request_timeout * 1000,
    maxRetries: config.max_retries,
    maxRetrySeconds: config.max_retry_seconds,
    maxConcurrency: config.max_concurrency,
    logger,
    ...(config.rate_limit_per_10s !== undefined ? { ratePer10s: config.rate_limit_per_10s } : {}),
    ...(config.rate_limit_redis_url !== undefined ? { redisUrl: config.rate_limit_redis_url } : {}),
  };
}
