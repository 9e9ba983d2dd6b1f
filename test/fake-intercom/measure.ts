/**
 * Throughput and CPU cost of the fake itself on POST /contacts/search (150 per page), walking the cursor over
 * every contact. Run: `npx tsx test/fake-intercom/measure.ts [scale] [--prerender] [--only=sorted|tap]
 * [--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=DIR ...]` (node flags for the fake's process).
 *
 * The fake runs standalone in a child process (main.ts), so its CPU time (read from `GET /_fake/cpu` before and
 * after each walk) is its own and not the measuring client's: "server CPU µs/contact" is what the fake costs a
 * benchmark whose tap shares the cores with it. Two walks:
 * - `sorted 2.16`: Intercom-Version 2.16, `updated_at > 1 OR = 1`, sorted ascending by updated_at;
 * - `tap 2.11`: the tap's default shape: no version header (2.11), `updated_at > a AND updated_at < b`, no sort.
 * Each walk runs twice: the first one pays for rendering contacts that are not cached yet (unless --prerender),
 * the second one shows the steady state.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request with node:http (what axios uses), keep-alive; resolves with the body text. */
function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request(url, { method, agent, headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Start main.ts in a child node process; resolves with its URL once it listens. */
function startChild(scale: number, prerender: boolean, nodeArgs: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const args = [...nodeArgs, '--import', 'tsx', join(__dirname, 'main.ts'), '--port', '0', '--scale', String(scale), '--rate-limit-per-10s', '1000000000'];
  if (prerender) args.push('--prerender');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake exited early (${String(code)})`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (!m) {
        process.stderr.write(`${line}\n`); // e.g. --trace-gc output
        return;
      }
      resolve({
        url: m[1] as string,
        stop: async () => {
          child.kill('SIGTERM'); // main.ts closes and exits (writing a --cpu-prof profile if asked)
          await exited;
        },
      });
    });
  });
}

async function cpuMicros(url: string): Promise<{ user: number; system: number }> {
  return JSON.parse(await request(`${url}/_fake/cpu`, 'GET', {})) as { user: number; system: number };
}

interface Walk {
  name: string;
  headers: Record<string, string>;
  query: unknown;
  sort?: unknown;
}

async function walk(url: string, w: Walk, label: string): Promise<void> {
  const headers = { Authorization: 'Bearer demo-token', 'Content-Type': 'application/json', ...w.headers };
  let cursor: string | undefined;
  let pages = 0;
  let records = 0;
  let bytes = 0;
  const cpu0 = await cpuMicros(url);
  const t0 = performance.now();
  for (;;) {
    const body = { query: w.query, pagination: { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) }, ...(w.sort ? { sort: w.sort } : {}) };
    const text = await request(`${url}/contacts/search`, 'POST', headers, JSON.stringify(body));
    bytes += Buffer.byteLength(text);
    const json = JSON.parse(text) as { data: unknown[]; pages: { next?: { starting_after: string } } };
    pages++;
    records += json.data.length;
    cursor = json.pages.next?.starting_after;
    if (!cursor) break;
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = await cpuMicros(url);
  const user = cpu1.user - cpu0.user;
  const system = cpu1.system - cpu0.system;
  const cpu = user + system;
  process.stdout.write(
    `  ${`${w.name} (${label})`.padEnd(26)} ${pages} pages, ${records} contacts, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(2)} s = ` +
      `${(pages / secs).toFixed(0)} pages/s; server CPU ${(cpu / 1e6).toFixed(2)} s = ${(cpu / records).toFixed(2)} µs/contact ` +
      `(user ${(user / records).toFixed(2)}, system ${(system / records).toFixed(2)})\n`,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const scale = Number(argv.find((a) => !a.startsWith('--')) ?? 100);
  const prerender = argv.includes('--prerender');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const nodeArgs = argv.filter((a) => a.startsWith('--node-arg=')).map((a) => a.slice('--node-arg='.length));
  const t0 = performance.now();
  const fake = await startChild(scale, prerender, nodeArgs);
  const startMs = performance.now() - t0;
  process.stdout.write(`scale ${scale}${prerender ? ' (prerender)' : ''}: fake up in ${startMs.toFixed(0)} ms (child process); sequential, one client\n`);
  const anchor = 1767225600;
  const walks: Walk[] = [
    {
      name: 'sorted 2.16',
      headers: { 'Intercom-Version': '2.16' },
      query: { operator: 'OR', value: [{ field: 'updated_at', operator: '>', value: 1 }, { field: 'updated_at', operator: '=', value: 1 }] },
      sort: { field: 'updated_at', order: 'ascending' },
    },
    {
      name: 'tap 2.11',
      headers: {},
      query: { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: 1500000000 }, { field: 'updated_at', operator: '<', value: anchor + 86400 }] },
    },
  ];
  try {
    for (const w of walks.filter((x) => only === undefined || x.name.startsWith(only))) {
      await walk(fake.url, w, 'first');
      await walk(fake.url, w, 'again');
    }
  } finally {
    agent.destroy();
    await fake.stop();
  }
}

void main();
