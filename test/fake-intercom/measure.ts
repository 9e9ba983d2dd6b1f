/**
 * Throughput of the fake itself: pages per second of POST /contacts/search (150 per page) walking the
 * cursor at scale 100. Run: `npx tsx test/fake-intercom/measure.ts [scale]`.
 */
import { startFakeIntercom } from './index';

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
    const res = await fetch(`${fake.url}/contacts/search`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as { data: unknown[]; pages: { next?: { starting_after: string } } };
    pages++;
    records += json.data.length;
    cursor = json.pages.next?.starting_after;
    if (!cursor) break;
  }
  const secs = (performance.now() - t1) / 1000;
  process.stdout.write(
    `scale ${scale}: startup ${startMs.toFixed(0)} ms; ${pages} pages, ${records} contacts in ${secs.toFixed(2)} s = ${(pages / secs).toFixed(0)} pages/s (${(records / secs).toFixed(0)} contacts/s), sequential, one client\n`,
  );
  await fake.close();
}

void main();
