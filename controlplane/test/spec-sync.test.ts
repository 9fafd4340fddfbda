// The route schemas are copies of the OpenAPI components: this keeps them from drifting apart.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { faultsSchema, registrationSchema } from '../src/schemas.js';
import { REPO_ROOT } from './helpers.js';

/** The schema without `description`/`default` annotations, which do not change what validates. */
function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description' && key !== 'default')
      .map(([key, inner]) => [key, withoutAnnotations(inner)]),
  );
}

describe('spec/controlplane.openapi.yaml', async () => {
  const spec = parse(await readFile(`${REPO_ROOT}spec/controlplane.openapi.yaml`, 'utf8'));

  it('Registration is the schema the register route validates', () => {
    expect(registrationSchema).toEqual(withoutAnnotations(spec.components.schemas.Registration));
  });

  it('Faults is the schema the faults route validates', () => {
    expect(faultsSchema).toEqual(withoutAnnotations(spec.components.schemas.Faults));
  });

  it('every operation of the spec has a route', async () => {
    const { createControlPlane } = await import('../src/server.js');
    const app = createControlPlane();
    await app.ready();
    try {
      for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(operations)) {
          expect(
            app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{([^}]+)\}/g, ':$1') }),
            `${method} ${path}`,
          ).toBe(true);
        }
      }
    } finally {
      await app.close();
    }
  });
});
