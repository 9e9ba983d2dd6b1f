/**
 * A separate process for the clustered limiter test: one client sharing its budget through Redis.
 * argv: <base url> <redis url> <requests> <concurrency> <budget>. Prints its stats as one JSON line.
 */
import { createIntercomClient } from '../../src/http/client';

async function main(): Promise<void> {
  const [baseUrl = '', redisUrl = '', count = '0', concurrency = '4', budget = '10'] = process.argv.slice(2);
  const noop = (): void => undefined;
  const client = createIntercomClient({
    baseUrl,
    redisUrl,
    token: 'shared-test-token-for-redis',
    apiVersion: '2.11',
    userAgent: 'tap-intercom-test',
    timeoutMs: 5000,
    maxRetries: 5,
    maxRetrySeconds: 60,
    maxConcurrency: Number(concurrency),
    ratePer10s: Number(budget),
    logger: { debug: noop, info: noop, warn: (m) => process.stderr.write(`${m}\n`), error: noop, metric: noop },
  });
  try {
    await Promise.all(
      Array.from({ length: Number(count) }, () => client.request({ method: 'GET', path: '/contacts', stream: 'contacts' })),
    );
    process.stdout.write(`${JSON.stringify(client.stats())}\n`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
