// Child program of the open-loop generator: options as one JSON argument, the result as one JSON line on stdout.
import { generateOpenLoop } from './open-loop-generator.js';
import type { OpenLoopOptions } from './open-loop-types.js';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write('usage: node open-loop-main.js \'<OpenLoopOptions as JSON>\'\n');
  process.exit(2);
}
const options = JSON.parse(raw) as OpenLoopOptions;
const result = await generateOpenLoop(options);
process.stdout.write(`${JSON.stringify(result)}\n`);
