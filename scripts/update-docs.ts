/**
 * Regenerates the README's config table, streams table and Meltano plugin definition, and
 * examples/meltano/meltano.yml. Run after changing schemas/config.json or the stream registry:
 * `npx tsx scripts/update-docs.ts` (tests fail until the outputs are current).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAMS } from '../src/streams/registry';
import { ROOT, exampleMeltanoYml, meltanoPlugin, readConfigSchema } from './meltano-settings';
import { generatedSections, replaceSection } from './readme-tables';

function main(): void {
  const config = readConfigSchema();
  const readmePath = join(ROOT, 'README.md');
  let readme = readFileSync(readmePath, 'utf8');
  for (const [name, body] of Object.entries(generatedSections(config, STREAMS))) readme = replaceSection(readme, name, body);
  writeFileSync(readmePath, readme);
  writeFileSync(join(ROOT, 'examples', 'meltano', 'meltano.yml'), exampleMeltanoYml(meltanoPlugin(config)));
  process.stdout.write('README.md and examples/meltano/meltano.yml updated\n');
}

main();
