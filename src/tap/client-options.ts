import type { ClientOptions } from '../http/client';
import type { BodyHook } from '../http/types';
import type { Logger } from '../output/logger';
import type { ResolvedConfig } from '../config/resolved';
import type { PageParser, PageSpec } from '../render/pool';

/**
 * The HTTP client's options from the tap's config: the one place that maps settings to the client.
 * With a render pool, the large pages of requests carrying a `page` (a PageSpec) go to its workers.
 */
export function clientOptionsFromConfig(config: ResolvedConfig, logger: Logger, pages?: PageParser): ClientOptions {
  return {
    baseUrl: config.base_url,
    token: config.access_token,
    apiVersion: config.api_version,
    userAgent: config.user_agent,
    timeoutMs: config.request_timeout * 1000,
    maxRetries: config.max_retries,
    maxRetrySeconds: config.max_retry_seconds,
    maxConcurrency: config.max_concurrency,
    ratePer10s: config.rate_limit_per_10s,
    logger,
    ...(config.rate_limit_redis_url !== undefined ? { redisUrl: config.rate_limit_redis_url } : {}),
    ...(pages !== undefined ? { bodyHook: renderBodyHook(pages) } : {}),
  };
}

/**
 * The client's body hook over the render pool. A request's `page` is opaque to http/; the tap's readers
 * set it only through offloadPage (src/streams/paginate.ts), which makes it a PageSpec.
 */
export function renderBodyHook(pages: PageParser): BodyHook {
  return {
    minBytes: pages.minBytes,
    maxBytes: pages.maxBytes,
    parse: (bytes, page, timeExtracted) => {
      const { listKey, keep, whole, render } = page as PageSpec;
      return pages.parsePage({ bytes, listKey, keep, ...(whole ? { whole } : {}), spec: render, timeExtracted });
    },
  };
}
