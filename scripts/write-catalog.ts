/**
 * Writes catalog/catalog.json: the default catalog (static schemas, no custom attributes, no network).
 *   npm run catalog
 * A test fails when the committed file differs from buildDefaultCatalog().
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDefaultCatalog } from '../src/tap/discover';

const file = join(__dirname, '..', 'catalog', 'catalog.json');
mkdirSync(join(__dirname, '..', 'catalog'), { recursive: true });
writeFileSync(file, `${JSON.stringify(buildDefaultCatalog(), null, 2)}\n`);
process.stderr.write(`wrote ${file}\n`);
