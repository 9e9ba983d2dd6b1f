import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { packageInfo } from '../output/about';
import { lacksZone, parseDateOrDateTime, toRfc3339 } from '../common/dates';
import { ConfigError } from '../common/errors';
import { isPlainObject, parseJsonText, readInputFile } from '../common/input-file';
import type { JsonSchema } from '../common/json';
import { baseUrlProblems } from './base-url';
import type { ResolvedConfig } from './resolved';

/** `--config ENV`: settings come from TAP_INTERCOM_<SETTING> environment variables. */
export const ENV_CONFIG = 'ENV';
export const ENV_PREFIX = 'TAP_INTERCOM_';

export const REGION_URLS: Readonly<Record<string, string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** schemas/config.json (shipped with the package, read at runtime from src/ or dist/). */
export const CONFIG_SCHEMA: JsonSchema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'schemas', 'config.json'), 'utf8'),
) as JsonSchema;

const settings: Record<string, JsonSchema> = CONFIG_SCHEMA.properties ?? {};

export function envVarName(setting: string): string {
  return ENV_PREFIX + setting.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
ajv.addFormat('date-or-date-time', { type: 'string', validate: (s: string) => parseDateOrDateTime(s) !== undefined });
const validate = ajv.compile(CONFIG_SCHEMA);

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Non-fatal problems (unknown settings), for the log. */
  warnings: string[];
}

/**
 * Loads and validates the config: files merged in order (later wins), then `ENV` settings (env wins over
 * files). Throws one ConfigError listing every problem; no message ever contains a setting's value.
 */
export function loadConfig(files: readonly string[], env: NodeJS.ProcessEnv, now: Date): LoadedConfig {
  const fileSources = files.filter((f) => f !== ENV_CONFIG);
  const useEnv = files.includes(ENV_CONFIG);
  const label = files.join(', ') || '(none)';
  const merged: Record<string, unknown> = {};
  /** Which source set each key last: errors name it. */
  const sourceOf = new Map<string, string>();
  const fileIssues: string[] = [];

  for (const file of fileSources) {
    const read = readInputFile(file);
    if (!read.ok) {
      fileIssues.push(`${file}: ${read.issue}`);
      continue;
    }
    const parsed = parseJsonText(read.text);
    if (!parsed.ok) fileIssues.push(`${file}: ${parsed.issue}`);
    else if (!isPlainObject(parsed.value)) fileIssues.push(`${file}: must be a JSON object`);
    else
      for (const [key, value] of Object.entries(parsed.value)) {
        merged[key] = value;
        sourceOf.set(key, file);
      }
  }
  const warnings: string[] = [];
  if (useEnv) {
    warnings.push(...unknownEnvVariables(env).map((name) => `config ${ENV_CONFIG}: unknown variable ${name} is ignored`));
    for (const [key, value] of Object.entries(readEnvSettings(env, fileIssues))) {
      merged[key] = value;
      sourceOf.set(key, ENV_CONFIG);
    }
  }
  if (fileIssues.length > 0) {
    // With one source, the file is already in the "config <file>:" prefix.
    const issues = files.length === 1 ? fileIssues.map((i) => i.replace(/^[^:]*: /, '')) : fileIssues;
    throw new ConfigError(label, issues);
  }

  for (const key of Object.keys(merged)) {
    if (!(key in settings)) {
      warnings.push(`config ${sourceOf.get(key) ?? label}: unknown setting "${key}" is ignored`);
      delete merged[key];
    }
  }

  // Region names are case-insensitive (`EU` is eu).
  if (typeof merged.region === 'string') merged.region = merged.region.toLowerCase();

  // skip_forbidden_streams is the former name of skip_unavailable_streams: read when the new one is not set.
  if (merged.skip_unavailable_streams === undefined && typeof merged.skip_forbidden_streams === 'boolean') merged.skip_unavailable_streams = merged.skip_forbidden_streams;

  const issues: string[] = [];
  if (!validate(merged)) issues.push(...describeErrors(validate.errors ?? []));
  const hint = useEnv ? undefined : envHint(env);
  if (hint !== undefined) {
    const at = issues.indexOf('access_token: is required');
    if (at >= 0) issues[at] = `access_token: is required (${hint})`;
  }
  issues.push(...checkSemantics(merged, issues));
  if (issues.length > 0) {
    const keys = new Set(issues.map((i) => i.split(':')[0] ?? ''));
    const named = [...new Set([...keys].map((k) => sourceOf.get(k)).filter((s): s is string => s !== undefined))];
    throw new ConfigError(named.length === 1 && files.length > 1 ? (named[0] as string) : label, issues);
  }

  // ajv filled the schema's defaults into `merged` (useDefaults): region is set.
  const region = merged.region as string;
  const startMs = typeof merged.start_date === 'string' ? parseDateOrDateTime(merged.start_date) : undefined;
  const config = {
    ...merged,
    start_date: toRfc3339(startMs ?? oneYearBefore(now)),
    base_url: ((merged.base_url as string | undefined) ?? REGION_URLS[region] ?? REGION_URLS.us!).replace(/\/+$/, ''),
    user_agent: (merged.user_agent as string | undefined) ?? `tap-intercom/${packageInfo().version}`,
  } as ResolvedConfig;
  if (typeof merged.end_date === 'string') config.end_date = toRfc3339(parseDateOrDateTime(merged.end_date) as number);
  warnings.push(...dateWarnings(merged, config, now, sourceOf, label));
  return { config, warnings };
}

/** Dates that are read, but perhaps not as meant: without a zone (UTC), or a start after the run's time. */
function dateWarnings(merged: Record<string, unknown>, config: ResolvedConfig, now: Date, sourceOf: ReadonlyMap<string, string>, label: string): string[] {
  const out: string[] = [];
  const zoneless = ['start_date', 'end_date'].filter((k) => typeof merged[k] === 'string' && lacksZone(merged[k] as string));
  if (zoneless.length > 0) {
    const where = sourceOf.get(zoneless[0] as string) ?? label;
    out.push(`config ${where}: ${zoneless.join(' and ')} ${zoneless.length === 1 ? 'has' : 'have'} no time zone: read as UTC (${zoneless.map((k) => config[k as 'start_date']).join(', ')})`);
  }
  if ((parseDateOrDateTime(config.start_date) ?? 0) > now.getTime()) {
    out.push(`config ${sourceOf.get('start_date') ?? label}: start_date ${config.start_date} is in the future: the incremental streams will read nothing`);
  }
  return out;
}

function oneYearBefore(now: Date): number {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.getTime();
}

function typeOf(schema: JsonSchema): string {
  return Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'string') : (schema.type ?? 'string');
}

/**
 * TAP_INTERCOM_* variables that name no setting. `TAP_INTERCOM__*` (two underscores) are Meltano's own
 * (`__SELECT`, `__METADATA`, ...) and not ours to judge.
 */
function unknownEnvVariables(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(Object.keys(settings).map(envVarName));
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && !name.startsWith(`${ENV_PREFIX}_`) && !known.has(name) && env[name] !== undefined)
    .sort();
}

/**
 * When TAP_INTERCOM_<SETTING> variables are set but not read (no `--config ENV`): the words that say
 * so, for the error of a run that lacks access_token. Undefined when none is set.
 */
export function envHint(env: NodeJS.ProcessEnv): string | undefined {
  const set = Object.keys(settings).map(envVarName).filter((name) => env[name] !== undefined);
  if (set.length === 0) return undefined;
  const named = set.length > 2 ? `${set.slice(0, 2).join(', ')} and ${set.length - 2} more are` : `${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'}`;
  return `${named} set but read only with --config ENV: add --config ENV`;
}

/** TAP_INTERCOM_<SETTING> values cast by the setting's schema type, as the Meltano SDK does. */
function readEnvSettings(env: NodeJS.ProcessEnv, issues: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(settings)) {
    const varName = envVarName(name);
    const raw = env[varName];
    if (raw === undefined) continue;
    const type = typeOf(schema);
    const bad = (expected: string): void => {
      issues.push(`${ENV_CONFIG}: ${varName}: must be ${expected}`);
    };
    if (type === 'integer' || type === 'number') {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) bad(type === 'integer' ? 'an integer' : 'a number');
      else out[name] = n;
    } else if (type === 'boolean') {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) out[name] = true;
      else if (['false', '0', 'no', 'off', 'f', 'n', ''].includes(v)) out[name] = false;
      else bad('a boolean (true or false)');
    } else if (type === 'array' || type === 'object') {
      const text = raw.trim();
      if (type === 'array' && !text.startsWith('[')) {
        out[name] = text === '' ? [] : text.split(',').map((s) => s.trim());
        continue;
      }
      const parsed = parseJsonText(text);
      if (!parsed.ok) bad(`a JSON ${type}`);
      else out[name] = parsed.value;
    } else {
      out[name] = raw;
    }
  }
  return out;
}

function keyOf(err: ErrorObject): string {
  const path = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  return path || '(root)';
}

function describeErrors(errors: readonly ErrorObject[]): string[] {
  const out: string[] = [];
  for (const err of errors) {
    const key = keyOf(err);
    let text: string;
    switch (err.keyword) {
      case 'required':
        text = 'is required';
        break;
      case 'format':
        text = 'must be an RFC 3339 date-time or YYYY-MM-DD date';
        break;
      case 'enum':
        text = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`;
        break;
      case 'type':
        text = `must be ${/^[aeiou]/.test((err.params as { type: string }).type) ? 'an' : 'a'} ${(err.params as { type: string }).type}`;
        break;
      case 'pattern':
        text = key === 'api_version' ? 'must look like 2.11' : 'has the wrong form';
        break;
      case 'minLength':
        text = 'must not be empty';
        break;
      default:
        // ajv's texts ("must be <= 150") never contain the value.
        text = err.message ?? 'is invalid';
    }
    const line = `${key}: ${text}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** Checks JSON Schema cannot express. Skips keys that already failed. */
function checkSemantics(config: Record<string, unknown>, already: readonly string[]): string[] {
  const failed = (key: string): boolean => already.some((i) => i.startsWith(`${key}:`));
  const issues: string[] = [];
  const { start_date: start, end_date: end, base_url: baseUrl } = config;
  if (typeof start === 'string' && typeof end === 'string' && !failed('start_date') && !failed('end_date')) {
    const s = parseDateOrDateTime(start);
    const e = parseDateOrDateTime(end);
    if (s !== undefined && e !== undefined && s > e) issues.push('start_date: must not be after end_date');
  }
  if (typeof baseUrl === 'string' && !failed('base_url')) {
    for (const problem of baseUrlProblems(baseUrl)) issues.push(`base_url: ${problem}`);
  }
  return issues;
}
