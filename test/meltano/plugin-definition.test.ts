import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderAbout } from '../../src/output/about';
import { CONFIG_SCHEMA, envVarName } from '../../src/config/load';
import type { JsonSchema } from '../../src/common/json';
import { exampleMeltanoYml, meltanoPlugin, settingKind, type MeltanoPlugin } from '../../scripts/meltano-settings';
import { readSection } from '../../scripts/readme-tables';
import { STREAMS } from '../../src/streams/registry';

const root = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'config.json'), 'utf8')) as JsonSchema;
const props = Object.entries(schema.properties ?? {});

describe('Meltano plugin definition', () => {
  const plugin = meltanoPlugin(schema);

  it('declares a non-pip extractor run through the installed bin, with exactly the CLI capabilities', () => {
    expect(plugin).not.toHaveProperty('pip_url');
    expect(plugin.executable).toBe('tap-intercom');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(plugin.executable);
    const about = JSON.parse(renderAbout('json', CONFIG_SCHEMA, envVarName)) as { capabilities: string[] };
    expect(plugin.capabilities).toEqual(about.capabilities);
    expect([...plugin.capabilities].sort()).toEqual(['about', 'catalog', 'discover', 'state', 'test']);
    expect(plugin.settings_group_validation).toEqual([['access_token']]);
  });

  it('has one setting per config property, in order, with kinds, descriptions, defaults and options', () => {
    expect(plugin.settings.map((s) => s.name)).toEqual(props.map(([name]) => name));
    for (const [name, p] of props) {
      const setting = plugin.settings.find((s) => s.name === name);
      expect(setting?.description).toBe(p.description);
      expect(setting?.value).toEqual(p.default);
      expect(setting?.sensitive).toBe(p.secret === true ? true : undefined);
      if (p.enum) expect(setting?.options?.map((o) => o.value)).toEqual(p.enum);
    }
    const kind = (name: string): string | undefined => plugin.settings.find((s) => s.name === name)?.kind;
    expect(kind('access_token')).toBe('password');
    expect(kind('start_date')).toBe('date_iso8601');
    expect(kind('end_date')).toBe('date_iso8601');
    expect(kind('page_size')).toBe('integer');
    expect(kind('include_archived_attributes')).toBe('boolean');
    expect(kind('contact_ids')).toBe('array');
    expect(kind('region')).toBe('options');
    expect(kind('user_agent')).toBe('string');
    // Numbers in the schema (request_timeout 0.5) are not integers to Meltano.
    for (const [name, p] of props) if (p.type === 'number') expect({ name, kind: kind(name) }).toEqual({ name, kind: 'decimal' });
    expect(kind('request_timeout')).toBe('decimal');
    expect(kind('max_retry_seconds')).toBe('decimal');
  });

  it('selects the streams selected by default, by name, never *.*', () => {
    const byDefault = STREAMS.filter((s) => s.selectedByDefault).map((s) => `${s.name}.*`);
    expect(byDefault.length).toBeGreaterThan(3);
    expect(plugin.select).toEqual(byDefault);
    const project = parse(readFileSync(join(root, 'examples', 'meltano', 'meltano.yml'), 'utf8')) as { plugins: { extractors: MeltanoPlugin[] } };
    expect(project.plugins.extractors[0]?.select).toEqual(byDefault);
    expect(JSON.stringify(project)).not.toContain('*.*');
  });

  it('maps schema types to kinds', () => {
    expect(settingKind({ type: 'string', secret: true })).toBe('password');
    expect(settingKind({ type: 'number' })).toBe('decimal');
    expect(settingKind({ type: 'integer' })).toBe('integer');
    expect(settingKind({ type: 'string', enum: ['a'] })).toBe('options');
    expect(settingKind({ type: 'array', items: { type: 'string', enum: ['x'] } })).toBe('array');
    expect(settingKind({ type: 'string', format: 'date-or-date-time' })).toBe('date_iso8601');
  });

  it('examples/meltano/meltano.yml is the generated file (run `npx tsx scripts/update-docs.ts` after changing the schema)', () => {
    const committed = readFileSync(join(root, 'examples', 'meltano', 'meltano.yml'), 'utf8');
    expect(committed).toBe(exampleMeltanoYml(plugin));
    const project = parse(committed) as { plugins: { extractors: MeltanoPlugin[]; loaders: Array<{ name: string }> } };
    expect(project.plugins.extractors[0]).toMatchObject(JSON.parse(JSON.stringify(plugin)) as object);
    expect(project.plugins.loaders.map((l) => l.name)).toEqual(['target-jsonl']);
  });

  it("the README's plugin definition parses to the same plugin", () => {
    const section = readSection(readFileSync(join(root, 'README.md'), 'utf8'), 'meltano') ?? '';
    const yaml = section.replace(/^```yaml\n/, '').replace(/\n```$/, '');
    const parsed = parse(yaml) as { plugins: { extractors: MeltanoPlugin[] } };
    expect(parsed.plugins.extractors).toEqual([JSON.parse(JSON.stringify(plugin))]);
  });
});

describe('--about --format json (the built CLI) against schemas/config.json', () => {
  it('lists exactly the settings of the schema', () => {
    spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--about', '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const about = JSON.parse(r.stdout) as { settings: JsonSchema };
    expect(about.settings).toEqual(schema);
  }, 60_000);
});
