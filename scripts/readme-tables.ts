/**
 * README sections generated from the sources of truth: the config table (schemas/config.json), the
 * streams table (src/streams/registry.ts) and the Meltano plugin definition. `replaceSection` swaps
 * the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; tests check that the
 * committed README equals what these functions give.
 */
import { envVarName } from '../src/config/load';
import type { JsonSchema } from '../src/common/json';
import type { StreamDefinition } from '../src/engine/contract';
import { pluginYaml, meltanoPlugin } from './meltano-settings';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(schema: JsonSchema): string {
  const base = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'string');
  if (schema.enum) return `${base}: ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (base === 'array' && schema.items && !Array.isArray(schema.items)) {
    const item = schema.items as JsonSchema;
    return item.enum ? `array of ${item.enum.map((v) => `\`${String(v)}\``).join(', ')}` : `array of ${String(item.type ?? 'string')}`;
  }
  if (schema.format === 'date-or-date-time') return 'date or date-time';
  return base;
}

export function configTable(config: JsonSchema): string {
  const required = new Set(config.required ?? []);
  const rows = Object.entries(config.properties ?? {}).map(([name, s]) => {
    const dflt = s.default !== undefined ? `\`${JSON.stringify(s.default)}\`` : '';
    const flags = [required.has(name) ? '**required**' : '', s.secret === true ? 'secret' : ''].filter((f) => f !== '').join(', ');
    return `| \`${name}\` | ${cell(typeOf(s))} | ${dflt} | ${cell(`${flags ? `${flags}. ` : ''}${s.description ?? ''}`)} | \`${envVarName(name)}\` |`;
  });
  return ['| Setting | Type | Default | Description | Environment variable |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function streamsTable(streams: readonly StreamDefinition[]): string {
  const rows = streams.map((s) => {
    const replication =
      s.replication.method === 'FULL_TABLE'
        ? 'full table'
        : s.replication.keys.length > 0
          ? `incremental on \`${s.replication.keys[0] ?? ''}\``
          : `incremental (follows \`${s.parent ?? ''}\`)`;
    return `| \`${s.name}\` | ${s.keyProperties.map((k) => `\`${k}\``).join(', ')} | ${replication} | \`${s.endpoint}\` | ${s.parent ? `\`${s.parent}\`` : ''} | ${s.selectedByDefault ? 'yes' : 'no'} |`;
  });
  return ['| Stream | Key | Replication | Endpoint | Parent | Selected by default |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function meltanoSection(config: JsonSchema): string {
  return ['```yaml', 'plugins:', '  extractors:', pluginYaml(meltanoPlugin(config), 4), '```'].join('\n');
}

/** Replaces the body of one generated section; throws when the markers are missing. */
export function replaceSection(text: string, name: string, body: string): string {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README: markers ${open} … ${close} not found`);
  return `${text.slice(0, start + open.length)}\n${body}\n${text.slice(end)}`;
}

/** The body currently between the markers (for tests). */
export function readSection(text: string, name: string): string | undefined {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + open.length, end).replace(/^\n/, '').replace(/\n$/, '');
}

export function generatedSections(config: JsonSchema, streams: readonly StreamDefinition[]): Record<string, string> {
  return { config: configTable(config), streams: streamsTable(streams), meltano: meltanoSection(config) };
}
