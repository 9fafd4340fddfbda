// The composition root: the one file of the engine that knows the scenarios. The bench, report and workshop CLIs take them from here.
export { SCENARIOS } from '../scenarios/index.js';
