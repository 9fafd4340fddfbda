// Checks a results file against the results schema: the envelope (spec/results.schema.json) with each registered
// scenario's data schema set into it; the list of problems, each with its JSON path, is empty when it matches.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import envelope from '../../spec/results.schema.json' with { type: 'json' };
import type { AnyScenario } from '../engine/scenario.js';

type Definitions = Record<string, object>;

/** A scenario's data schema, its definitions moved into the envelope's $defs under `<id>.` so their $refs still resolve. */
function embed(id: string, dataSchema: object): { root: object; definitions: Definitions } {
  const moved = JSON.parse(JSON.stringify(dataSchema).replaceAll('"#/definitions/', `"#/$defs/${id}.`)) as {
    definitions?: Definitions;
    description?: string;
  };
  const { definitions = {}, ...root } = moved;
  return { root, definitions: Object.fromEntries(Object.entries(definitions).map(([name, definition]) => [`${id}.${name}`, definition])) };
}

/** The envelope with one `if id is X then data is X's data` rule per scenario. */
export function resultsSchema(registry: readonly AnyScenario[]): object {
  const schema = structuredClone(envelope) as { $defs: Definitions & { scenarioResult: { allOf?: object[] } } };
  schema.$defs.scenarioResult.allOf = registry.map((scenario) => {
    const { root, definitions } = embed(scenario.id, scenario.dataSchema);
    Object.assign(schema.$defs, definitions);
    return {
      if: { properties: { id: { const: scenario.id } }, required: ['id'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is JSON Schema's keyword here, never awaited.
      then: { properties: { data: { anyOf: [{ type: 'null' }, root] } } },
    };
  });
  return schema;
}

const validators = new WeakMap<readonly AnyScenario[], ValidateFunction>();

export function validateResults(results: unknown, registry: readonly AnyScenario[]): string[] {
  let validator = validators.get(registry);
  if (validator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    validator = ajv.compile(resultsSchema(registry));
    validators.set(registry, validator);
  }
  if (validator(results)) return [];
  // anyOf and if/then add their own summary lines; the leaf errors name the path that is wrong.
  const leaves = (validator.errors ?? []).filter(
    (error) => !['anyOf', 'if', 'oneOf'].includes(error.keyword) && !error.schemaPath.endsWith('/anyOf/0/type'),
  );
  return leaves
    .slice(0, 20)
    .map(
      (error) =>
        `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
    );
}
