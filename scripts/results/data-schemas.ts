// Writes each scenario's data.schema.json from the TypeScript type of its data (`<Id>Data` in its folder), so the
// schema that refuses a results file and the type the code is checked against are one description.
// `npm run schemas` writes them (data-schemas-main.ts); a test fails while one is stale.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { REPO_ROOT } from '../paths.js';

const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');

export interface DataSchemaSource {
  id: string;
  /** The file that exports the type, relative to the repository. */
  file: string;
  typeName: string;
  /** Where the schema is written, relative to the repository. */
  schemaFile: string;
}

/** `latency` -> `LatencyData`: the one naming rule that lets a scenario's folder describe its data. */
export function dataTypeName(id: string): string {
  return `${id.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}Data`;
}

/** Every scenario folder with an index.ts, and the file in it that exports its data type. */
export function dataSchemaSources(): DataSchemaSource[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SCENARIOS_DIR, entry.name, 'index.ts')))
    .map((entry) => {
      const id = entry.name;
      const typeName = dataTypeName(id);
      const exporting = new RegExp(`export (interface|type) ${typeName}\\b`);
      const file = readdirSync(join(SCENARIOS_DIR, id))
        .filter((name) => name.endsWith('.ts'))
        .sort()
        .find((name) => exporting.test(readFileSync(join(SCENARIOS_DIR, id, name), 'utf8')));
      if (file === undefined)
        throw new Error(`scenarios/${id}/ exports no ${typeName}: name its data type so, in any .ts file of the folder`);
      return { id, file: `scenarios/${id}/${file}`, typeName, schemaFile: `scenarios/${id}/data.schema.json` };
    });
}

/** The schemas as they should be, one program for all (the generator type-checks nothing: tsc does). */
export function generateDataSchemas(sources: readonly DataSchemaSource[]): Map<string, string> {
  const generator = createGenerator({
    path: join(REPO_ROOT, 'scenarios', '*', '*.ts'),
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    skipTypeCheck: true,
    additionalProperties: false,
    topRef: true,
  });
  const schemas = new Map<string, string>();
  for (const source of sources) {
    const { $schema: _draft, ...schema } = generator.createSchema(source.typeName);
    const fragment = {
      description: `The data of the ${source.id} scenario in results.json, generated from ${source.typeName} (${source.file}) by npm run schemas.`,
      ...schema,
    };
    schemas.set(source.schemaFile, `${JSON.stringify(fragment, null, 1)}\n`);
  }
  return schemas;
}
