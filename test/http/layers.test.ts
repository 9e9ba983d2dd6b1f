/** http/ sits below singer/, render/, engine/, streams/ and tap/: it imports none of them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'src', 'http');

it.each(readdirSync(DIR).filter((f) => f.endsWith('.ts')))('src/http/%s imports no upper layer', (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
  expect(imports.filter((i) => /^\.\.\/(singer|render|engine|streams|tap|progress|schema)\b/.test(i))).toEqual([]);
});
