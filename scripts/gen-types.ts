/**
 * Generates the TypeScript type of the config (TapConfig) from schemas/config.json (the source of
 * truth) into src/generated/. Only what the code uses is generated: stream readers take Intercom's
 * records as RawRecord and check at run time the few fields they read (ids, replication keys, lists).
 *   npm run gen:types           writes the files
 *   npm run gen:types -- --check exits 1 when the committed files are stale
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const root = join(__dirname, '..');
const outDir = join(root, 'src', 'generated');
const banner = '/* Generated from schemas/ by `npm run gen:types`. Do not edit. */';

async function render(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const opts = { bannerComment: '', additionalProperties: false, format: false, unknownAny: true, strictIndexSignatures: true } as const;
  const config = JSON.parse(readFileSync(join(root, 'schemas', 'config.json'), 'utf8')) as JSONSchema;
  // The settings the schema gives a default: always set after loading (src/config/resolved.ts).
  const defaulted = Object.entries(config.properties ?? {})
    .filter(([, p]) => typeof p === 'object' && p !== null && 'default' in p)
    .map(([name]) => JSON.stringify(name));
  const defaults = `\n/** Settings with a default in schemas/config.json. */\nexport type DefaultedSetting =\n${defaulted.map((n) => `  | ${n}`).join('\n')};\n`;
  files.set('config.ts', `${banner}\n${await compile(config, 'TapConfig', { ...opts })}${defaults}`);

  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await render();
  let stale = false;
  if (!check) mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) {
    const path = join(outDir, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current !== text) {
      stale = true;
      if (check) process.stderr.write(`src/generated/${name} is stale: run npm run gen:types\n`);
      else writeFileSync(path, text);
    }
  }
  if (check && stale) process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`gen-types: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
