/** Shared setup for the client tests: a client with recorded sleeps, events, logs and metrics. */
import { createIntercomClient, type ClientOptions } from '../../src/http/client';
import type { ClientEvent, IntercomClient } from '../../src/http/types';
import type { Logger } from '../../src/output/logger';

export const TOKEN = 'dG9rOnNlY3JldC10b2tlbi0xMjM0NTY3ODk=';

export interface CapturedLog {
  logger: Logger;
  /** Every log line and metric, as JSON text. */
  lines: string[];
  metrics: Array<{ metric: string; value: number; tags: Record<string, unknown> }>;
}

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const metrics: CapturedLog['metrics'] = [];
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, fields }));
  };
  return {
    lines,
    metrics,
    logger: {
      debug: line('debug'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      metric: (type, metric, value, tags) => {
        metrics.push({ metric, value, tags });
        lines.push(JSON.stringify({ type, metric, value, tags }));
      },
    },
  };
}

export interface TestClient {
  client: IntercomClient;
  /** Every wait the client asked for (retry delays and limiter refills), never slept. */
  sleeps: number[];
  events: ClientEvent[];
  retryDelays: () => number[];
  log: CapturedLog;
}

const open: IntercomClient[] = [];

/** `realTimers`: the client sleeps for real (pacing tests); otherwise waits are recorded and skipped. */
export function makeClient(baseUrl: string, overrides: Partial<ClientOptions> = {}, realTimers = false): TestClient {
  const sleeps: number[] = [];
  const events: ClientEvent[] = [];
  const log = captureLogger();
  const recordSleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };
  const client = createIntercomClient({
    baseUrl,
    token: TOKEN,
    apiVersion: '2.11',
    userAgent: 'tap-intercom-test (test@example.com)',
    timeoutMs: 2000,
    maxRetries: 5,
    maxRetrySeconds: 600,
    maxConcurrency: 4,
    ratePer10s: 166,
    logger: log.logger,
    ...(realTimers ? {} : { sleep: recordSleep }),
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  open.push(client);
  const retryDelays = (): number[] => events.flatMap((e) => (e.kind === 'retry' ? [e.delayMs] : []));
  return { client, sleeps, events, retryDelays, log };
}

export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((client) => client.close()));
}

/** Runs a promise expected to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
