// Child program of the timeline load (timeline.ts starts it).
import { runLoadProgram } from './load-program.js';
import { generateTimeline } from './timeline-schedule.js';

await runLoadProgram('timeline-main.js', generateTimeline);
