import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JsonSchema } from '../common/json';

let packageRoot: string | undefined;
const cache = new Map<string, JsonSchema>();

/** The folder holding package.json, found by walking up from this file (works from src/ and dist/). */
export function packageRootDir(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (packageRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
}

/** `schemas/streams` of the package. */
export function schemasDir(): string {
  return join(packageRootDir(), 'schemas', 'streams');
}

/**
 * The JSON Schema of one stream, read once from `schemas/streams/<name>.json` and cached.
 * Callers get the cached object: treat it as read-only (copy before changing it).
 */
export function loadStreamSchema(name: string): JsonSchema {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Invalid stream name: ${JSON.stringify(name)}`);
  const path = join(schemasDir(), `${name}.json`);
  if (!existsSync(path)) throw new Error(`No schema for stream ${name} (${path})`);
  const schema = JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
  cache.set(name, schema);
  return schema;
}
