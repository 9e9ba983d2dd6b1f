/**
 * Standalone fake Intercom: `npm run fake-intercom -- --port 0 --token T --seed 1 --scale 1 --latency-ms 0
 * --rate-limit-per-10s 1666 [--prerender] [--profile NAME]` (profiles.ts: no-help-center, limited-token, restricted-plan,
 * small-plan, eu, v2.16). First stdout line: `listening on http://127.0.0.1:PORT`. Control API under `/_fake/`.
 */
import { parseArgs } from 'node:util';
import { startFakeIntercom } from './index';
import { PROFILE_NAMES, isProfileName } from './profiles';
import type { FakeIntercomOptions } from './types';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string', default: 'demo-token' },
      seed: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      'latency-ms': { type: 'string', default: '0' },
      'jitter-ms': { type: 'string', default: '0' },
      'rate-limit-per-10s': { type: 'string' },
      'scroll-expiry-ms': { type: 'string', default: '60000' },
      anchor: { type: 'string' },
      'forbidden-scopes': { type: 'string' },
      counts: { type: 'string' },
      prerender: { type: 'boolean', default: false },
      profile: { type: 'string', default: 'default' },
    },
  });
  const num = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n)) throw new Error(`--${name} must be a number`);
    return n;
  };
  const opts: FakeIntercomOptions = {
    port: num('port', values.port),
    host: values.host as string,
    token: values.token as string,
    seed: num('seed', values.seed),
    scale: num('scale', values.scale),
    latencyMs: num('latency-ms', values['latency-ms']),
    jitterMs: num('jitter-ms', values['jitter-ms']),
    scrollExpiryMs: num('scroll-expiry-ms', values['scroll-expiry-ms']),
  };
  if (values['rate-limit-per-10s'] !== undefined) opts.rateLimitPer10s = num('rate-limit-per-10s', values['rate-limit-per-10s']);
  const profile = values.profile as string;
  if (!isProfileName(profile)) throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}`);
  opts.profile = profile;
  if (values.anchor !== undefined) opts.anchor = num('anchor', values.anchor);
  if (values['forbidden-scopes']) opts.forbiddenScopes = values['forbidden-scopes'].split(',');
  if (values.prerender === true) opts.prerender = true;
  if (values.counts) opts.counts = JSON.parse(values.counts) as Record<string, number>; // e.g. '{"contacts":200000}'
  const fake = await startFakeIntercom(opts);
  process.stdout.write(`listening on ${fake.url}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake-intercom: ${(e as Error).message}\n`);
  process.exit(2);
});
