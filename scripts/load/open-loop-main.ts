// Child program of the fixed-rate open-loop load (open-loop.ts starts it).
import { generateOpenLoop } from './fixed-rate-schedule.js';
import { runLoadProgram } from './load-program.js';
import type { OpenLoopOptions } from './open-loop-types.js';

await runLoadProgram('open-loop-main.js', (options: OpenLoopOptions, _onStart, _stop, report) => generateOpenLoop(options, report));
