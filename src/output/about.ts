import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../common/json';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

let cached: PackageInfo | undefined;

/** name, version and description from package.json (read at runtime from src/ or dist/). */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Partial<PackageInfo>;
    cached = { name: pkg.name ?? 'tap-intercom', version: pkg.version ?? '0.0.0', description: pkg.description ?? '' };
  }
  return cached;
}

/** What the CLI really accepts (Meltano capability names). */
export const CAPABILITIES = ['catalog', 'discover', 'state', 'about', 'test'] as const;

export type AboutFormat = 'text' | 'json' | 'markdown';

export interface AboutInfo {
  name: string;
  description: string;
  version: string;
  sdk_version: null;
  supported_python_versions: null;
  capabilities: string[];
  settings: JsonSchema;
}

export function aboutInfo(settings: JsonSchema): AboutInfo {
  const pkg = packageInfo();
  return {
    name: pkg.name,
    description: pkg.description,
    version: pkg.version,
    sdk_version: null,
    supported_python_versions: null,
    capabilities: [...CAPABILITIES],
    settings,
  };
}

interface SettingRow {
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  default?: string;
  description: string;
  env: string;
}

function rows(settings: JsonSchema, envVar: (name: string) => string): SettingRow[] {
  const required = new Set(settings.required ?? []);
  return Object.entries(settings.properties ?? {}).map(([name, s]) => {
    const type = Array.isArray(s.type) ? s.type.join('|') : (s.type ?? 'string');
    const row: SettingRow = {
      name,
      type: s.enum ? `${type} (${s.enum.map(String).join(', ')})` : type,
      required: required.has(name),
      secret: s.secret === true,
      description: s.description ?? '',
      env: envVar(name),
    };
    if (s.default !== undefined) row.default = JSON.stringify(s.default);
    return row;
  });
}

/** `--about` output in the three formats of the Meltano SDK. */
export function renderAbout(format: AboutFormat, settings: JsonSchema, envVar: (name: string) => string): string {
  const info = aboutInfo(settings);
  if (format === 'json') return `${JSON.stringify(info, null, 2)}\n`;
  const settingRows = rows(settings, envVar);
  if (format === 'markdown') {
    const lines = [
      `# \`${info.name}\``,
      '',
      info.description,
      '',
      `Version: ${info.version}`,
      '',
      '## Capabilities',
      '',
      ...info.capabilities.map((c) => `* \`${c}\``),
      '',
      '## Settings',
      '',
      '| Setting | Required | Default | Description | Environment variable |',
      '|:--------|:--------:|:-------:|:------------|:---------------------|',
      ...settingRows.map(
        (r) =>
          `| ${r.name} | ${r.required ? 'True' : 'False'} | ${r.default ?? 'None'} | ${r.description.replace(/\|/g, '\\|')}${r.secret ? ' (secret)' : ''} | \`${r.env}\` |`,
      ),
      '',
      'A full list of supported settings and capabilities is available by running: `tap-intercom --about`',
      '',
    ];
    return lines.join('\n');
  }
  const lines = [
    `Name: ${info.name}`,
    `Version: ${info.version}`,
    `Description: ${info.description}`,
    `Capabilities: ${info.capabilities.join(', ')}`,
    'Settings:',
    ...settingRows.map((r) => {
      const flags = [r.type, r.required ? 'required' : 'optional', r.secret ? 'secret' : undefined]
        .filter((f): f is string => f !== undefined)
        .join(', ');
      const dflt = r.default !== undefined ? ` Default: ${r.default}.` : '';
      return `  - ${r.name} (${flags}): ${r.description}${dflt} Env: ${r.env}`;
    }),
    '',
  ];
  return lines.join('\n');
}
