// Builds every language that has a launch file and a toolchain (TypeScript is built by tsc); a missing toolchain is a skip, said aloud.
import { build, knownLanguages, toolchainAvailable } from './orchestration/languages.js';

for (const lang of knownLanguages().filter((name) => name !== 'ts')) {
  const check = await toolchainAvailable(lang);
  if (!check.available) {
    console.log(`${lang}: skipped (${check.code}: ${check.message})`);
    continue;
  }
  const startedAt = Date.now();
  await build(lang);
  console.log(`${lang}: built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${check.version})`);
}
