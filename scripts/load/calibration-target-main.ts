// Child program: a calibration target (`--delay-micros N`); prints {"port":P} once it listens.
import { parseArgs } from 'node:util';
import { startCalibrationTarget } from './calibration-target.js';

const { values } = parseArgs({ options: { 'delay-micros': { type: 'string', default: '0' }, port: { type: 'string', default: '0' } } });
const delayMicros = Number(values['delay-micros']);
if (!Number.isFinite(delayMicros) || delayMicros < 0) {
  process.stderr.write('--delay-micros must be a number >= 0\n');
  process.exit(2);
}
const target = await startCalibrationTarget(delayMicros, Number(values.port));
process.stdout.write(`${JSON.stringify({ port: target.port })}\n`);
process.on('SIGTERM', () => target.server.close(() => process.exit(0)));
