/**
 * Throughput of the fake itself: pages per second of POST /contacts/search (150 per page) walking the
 * cursor at scale 100. Run: `npx tsx test/fake-intercom/measure.ts [scale]`.
 */
import * as http from 'node:http';
import { startFakeIntercom } from './index';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** POST with node:http (what axios uses), keep-alive. */
function postJson(url: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 100);
  const t0 = performance.now();
  const fake = await startFakeIntercom({ scale, rateLimitPer10s: 1e9 });
  const startMs = performance.now() - t0;
  const headers = { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json', 'Intercom-Version': '2.16' };
  const query = { operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: 1 }, { field: 'updated_at', operator: '=', value: 1 }] };
  let cursor: string | undefined;
  let pages = 0;
  let records = 0;
  const t1 = performance.now();
  for (;;) {
    const body = { query, pagination: { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) }, sort: { field: 'updated_at', order: 'ascending' } };
    const json = JSON.parse(await postJson(`${fake.url}/contacts/search`, headers, JSON.stringify(body))) as { data: unknown[]; pages: { next?: { starting_after: string } } };
    pages++;
    records += json.data.length;
    cursor = json.pages.next?.starting_after;
    if (!cursor) break;
  }
  const secs = (performance.now() - t1) / 1000;
  process.stdout.write(
    `scale ${scale}: startup ${startMs.toFixed(0)} ms; ${pages} pages, ${records} contacts in ${secs.toFixed(2)} s = ${(pages / secs).toFixed(0)} pages/s (${(records / secs).toFixed(0)} contacts/s), sequential, one client\n`,
  );
  agent.destroy();
  await fake.close();
}

void main();
