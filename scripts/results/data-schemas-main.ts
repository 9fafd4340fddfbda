// `npm run schemas`: rewrites every scenario's data.schema.json from its data type, after an edit to that type.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { dataSchemaSources, generateDataSchemas } from './data-schemas.js';

for (const [file, text] of generateDataSchemas(dataSchemaSources())) {
  writeFileSync(join(REPO_ROOT, file), text);
  process.stdout.write(`${file}\n`);
}
