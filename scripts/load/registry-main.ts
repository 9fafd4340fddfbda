// Child program of the registry-following load with the same request every time (registry-load.ts starts it).
import { runLoadProgram } from './load-program.js';
import { generateFollowingRegistry } from './registry-schedule.js';
import type { RegistryLoadOptions } from './registry-load-types.js';

await runLoadProgram('registry-main.js', (options: RegistryLoadOptions, onStart, stop) =>
  generateFollowingRegistry(options, onStart, stop),
);
