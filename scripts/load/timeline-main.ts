// Child program of the timeline load: options as one JSON argument; a "started" line, then the result as one JSON line.
import { generateTimeline } from './timeline-generator.js';
import type { TimelineLoadOptions } from './timeline-types.js';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write('usage: node timeline-main.js \'<TimelineLoadOptions as JSON>\'\n');
  process.exit(2);
}
// SIGTERM ends the schedule early; the answers still due are awaited and the result printed as usual.
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const result = await generateTimeline(JSON.parse(raw) as TimelineLoadOptions, (startEpochMillis) => {
  process.stdout.write(`${JSON.stringify({ event: 'started', startEpochMillis })}\n`);
}, stop.signal);
process.stdout.write(`${JSON.stringify(result)}\n`);
