// `npm run k8s -- [flags]`: renders the cells as manifests, validates them, and writes, prints or applies them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import spec from '../../spec/errors.json' with { type: 'json' };
import { isHarnessError } from '../orchestration/errors.js';
import { applyManifests } from './apply.js';
import { KUBERNETES_VERSION } from './cluster.js';
import { parseK8sOptions, USAGE } from './options.js';
import { renderPlan } from './render.js';
import { validateObjects } from './validate.js';
import { toYaml } from './yaml.js';

async function main(args: readonly string[]): Promise<void> {
  const options = parseK8sOptions(args);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const cells = await renderPlan(options.modes, options.langs, options.images);
  const invalid = validateObjects(cells.flatMap((cell) => cell.objects));
  // A manifest the API would refuse is the renderer's bug: never written, never applied.
  if (invalid.length > 0)
    throw new Error(
      `manifests invalid against Kubernetes ${KUBERNETES_VERSION}:\n${invalid.map((bad) => `  ${bad.object}: ${bad.message}`).join('\n')}`,
    );
  if (options.out !== undefined) {
    mkdirSync(options.out, { recursive: true });
    for (const cell of cells) writeFileSync(join(options.out, `${cell.mode}-${cell.lang}.yaml`), toYaml(cell.objects));
    console.error(`k8s: ${cells.length} cells written to ${options.out}, valid against Kubernetes ${KUBERNETES_VERSION}`);
  }
  const stream = cells.map((cell) => toYaml(cell.objects)).join('---\n');
  if (options.apply) {
    const { context, report } = await applyManifests(stream);
    console.log(`k8s: applied to context "${context}"\n${report}`);
  } else if (options.out === undefined) process.stdout.write(stream);
}

/** The exit status of spec/errors.json for a coded error, else 1. */
function exitStatus(error: unknown): number {
  if (!isHarnessError(error)) return 1;
  const entry = (spec.platform as Record<string, { status: number } | undefined>)[error.code];
  return entry?.status ?? 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(isHarnessError(error) ? error.message : error);
  if (isHarnessError(error, 'SCL_ERR_BAD_FLAG')) console.error(USAGE);
  process.exitCode = exitStatus(error);
});
