import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../../src/common/json';
import { STREAMS } from '../../src/streams/registry';
import { generatedSections, readSection, streamsTable } from '../../scripts/readme-tables';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'config.json'), 'utf8')) as JsonSchema;

describe('README.md', () => {
  it('starts with the two commands a new user runs, in order', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(commands).toEqual(['npm install && npm run demo', 'npm test']);
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });

  it.each(Object.keys(generatedSections(schema, STREAMS)))('section %s is current (run `npx tsx scripts/update-docs.ts`)', (name) => {
    expect(readSection(readme, name)).toBe(generatedSections(schema, STREAMS)[name]);
  });

  it('the config table names every setting and its environment variable', () => {
    const table = readSection(readme, 'config') ?? '';
    for (const name of Object.keys(schema.properties ?? {})) {
      expect(table).toContain(`| \`${name}\` |`);
      expect(table).toContain(`\`TAP_INTERCOM_${name.toUpperCase()}\``);
    }
  });

  it('the streams table has one row per stream with key, replication, endpoint and parent', () => {
    const rows = streamsTable(STREAMS).split('\n').slice(2);
    expect(rows).toHaveLength(STREAMS.length);
    const parts = rows.find((r) => r.startsWith('| `conversation_parts` |')) ?? '';
    expect(parts).toBe('| `conversation_parts` | `id` | incremental on `updated_at` | `GET /conversations/{id}` | `conversations` | yes |');
  });

  it('has the sections users look for', () => {
    for (const heading of ['## Install', '## Configuration', '## Streams', '## Meltano', '## Rate limits and regions', '## Performance', '## Troubleshooting', '## Migrating from the default Meltano variant (singer-io)']) {
      expect(readme).toContain(`\n${heading}`);
    }
    for (const topic of ['401', '403', 'skip_forbidden_streams', 'scroll_exists', 'region', 'request_timeout', 'lookback_window', '500', 'Deletes are not seen']) {
      expect(readme).toContain(topic);
    }
  });
});
