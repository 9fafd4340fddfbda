// The Dockerfiles (deploy/docker/) cannot be built here (no Docker engine): this checks they keep to what the
// manifests assume of them: each language's launch.json build steps, its start command's files in the final image,
// the tree under IMAGE_ROOT and the user every pod runs as.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownLanguages, readLaunch } from '../../orchestration/languages.js';
import { fromRoot } from '../../orchestration/paths.js';
import { IMAGE_ROOT, POD_SECURITY } from '../cluster.js';

/** The file and target of a language's image: TypeScript shares the Node build with the sidecar (two targets). */
const dockerfileOf = (lang: string): { file: string; target?: string } =>
  lang === 'ts' ? { file: 'node.Dockerfile', target: 'ts' } : { file: `${lang}.Dockerfile` };
const read = (name: string): string => readFileSync(fromRoot('deploy', 'docker', name), 'utf8');
/** RUN lines joined: continuations and && make one line of words. */
const words = (text: string): string => text.replace(/\\\n/g, ' ').replace(/&&/g, ' ').replace(/\s+/g, ' ');

/** The text of the stages an image is made of: the target (default the last) and the stages it is FROM, in turn. */
function imageStages(text: string, target?: string): string {
  const stages = text.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
  const nameOf = (stage: string) => /^FROM \S+(?: AS (\S+))?/.exec(stage)?.[1];
  let stage = target === undefined ? stages.at(-1) : stages.find((candidate) => nameOf(candidate) === target);
  let image = '';
  while (stage !== undefined) {
    image = stage + image;
    const base = /^FROM (\S+)/.exec(stage)?.[1];
    stage = stages.find((candidate) => nameOf(candidate) === base);
  }
  return image;
}

describe('the Dockerfiles', () => {
  it.each(knownLanguages())('%s: runs the launch file build steps and puts the start command files in the final image', async (lang) => {
    const { file, target } = dockerfileOf(lang);
    const text = read(file);
    const launch = await readLaunch(lang);
    for (const step of launch.build) expect(words(text)).toContain([step.command, ...(step.args ?? [])].join(' '));
    const stage = imageStages(text, target);
    expect(stage).not.toBe('');
    for (const word of [launch.start.command, ...(launch.start.args ?? [])].filter((w) => w.includes('/')))
      expect(stage, `${word} in the final image`).toMatch(new RegExp(`COPY .*\\./${word.split('/')[0]?.replace('.', '\\.')}`));
  });

  it.each([...knownLanguages(), 'sidecar'])('%s: keeps the tree at the image root, as the pods user', (lang) => {
    const { file, target } = lang === 'sidecar' ? { file: 'node.Dockerfile', target: 'sidecar' } : dockerfileOf(lang);
    const image = imageStages(read(file), target);
    expect(image).toContain(`WORKDIR ${IMAGE_ROOT}`);
    expect(image).toContain(`USER ${POD_SECURITY.runAsUser}:${POD_SECURITY.runAsGroup}`);
  });

  it('holds the sidecar and the control plane, built, in the sidecar image', () => {
    const image = imageStages(read('node.Dockerfile'), 'sidecar');
    expect(image).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(image).toMatch(/^COPY --from=build \/app\/node_modules /m);
  });
});
