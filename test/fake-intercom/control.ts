/** The `/_fake/` control API (no auth): update, create, ground-truth, stats, faults, clock, cpu. */
import type { Reply } from './http-types';
import type { FakeIntercom, FaultConfig } from './types';

type Controls = Pick<FakeIntercom, 'updateRecords' | 'createRecords' | 'groundTruth' | 'stats' | 'resetStats' | 'setFaults' | 'clock'>;

function obj(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function handleControl(c: Controls, method: string, url: URL, body: unknown): Reply {
  const b = obj(body);
  try {
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'POST /_fake/update':
        return { status: 200, json: { ids: c.updateRecords(String(b['stream']), Number(b['count'] ?? 1)) } };
      case 'POST /_fake/create':
        return { status: 200, json: { ids: c.createRecords(String(b['stream']), Number(b['count'] ?? 1)) } };
      case 'GET /_fake/ground-truth':
        return { status: 200, json: c.groundTruth(url.searchParams.get('stream') ?? '') };
      case 'GET /_fake/stats':
        return { status: 200, json: c.stats() };
      case 'POST /_fake/stats/reset':
        c.resetStats();
        return { status: 200, json: { ok: true } };
      case 'POST /_fake/faults':
        c.setFaults(b as FaultConfig);
        return { status: 200, json: { ok: true } };
      case 'POST /_fake/clock':
        if (typeof b['set'] === 'number') c.clock.set(b['set']);
        if (typeof b['advance'] === 'number') c.clock.advance(b['advance']);
        return { status: 200, json: { now: c.clock.now() } };
      case 'GET /_fake/clock':
        return { status: 200, json: { now: c.clock.now() } };
      case 'GET /_fake/cpu': {
        // CPU time of the fake's process so far (µs), for measure.ts's per-contact figure.
        const u = process.cpuUsage();
        return { status: 200, json: { user: u.user, system: u.system } };
      }
      default:
        return { status: 404, json: { error: `unknown control route ${route}` } };
    }
  } catch (e) {
    return { status: 400, json: { error: (e as Error).message } };
  }
}
