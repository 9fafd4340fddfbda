// Entry point of the sidecar: read flags and settings, start, and stop cleanly on SIGTERM.
// First: the heap flags must be set before the other modules load.
import './heap.js';
import { parseFeatureList, type FeatureName } from '../../library/ts/src/feature.js';
import { loadSettings, type Settings } from '../../library/ts/src/settings.js';
import { parseFlags, usage, type SidecarOptions } from './cli.js';
import { SidecarError } from './errors.js';
import { describeEndpoint } from './net/listen.js';
import { Sidecar } from './sidecar.js';

function readSetup(): { options: SidecarOptions; features: FeatureName[]; settings: Settings } | undefined {
  let features: FeatureName[];
  let settings: Settings;
  try {
    features = parseFeatureList(process.env.SCL_FEATURES);
    settings = loadSettings(process.env);
  } catch (error) {
    throw new SidecarError('SCL_ERR_BAD_SETTING', (error as Error).message);
  }
  const options = parseFlags(process.argv.slice(2), features);
  return options === undefined ? undefined : { options, features, settings };
}

async function main(): Promise<void> {
  const setup = readSetup();
  if (setup === undefined) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const sidecar = new Sidecar(setup);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sidecar: ${signal}: deregistering, draining for up to ${setup.options.graceSeconds} s\n`);
    sidecar.stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`sidecar: stopping failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A rejected promise nobody awaited is a bug worth a line, not worth the app's traffic.
  process.on('unhandledRejection', (reason) => process.stderr.write(`sidecar: unhandled rejection: ${String(reason)}\n`));

  await sidecar.start();
  const { options } = setup;
  process.stdout.write(
    `${JSON.stringify({
      event: 'listening',
      public: `http://${options.publicHost}:${options.publicPort}`,
      admin: options.admin.map(describeEndpoint),
      api: options.api.map(describeEndpoint),
      grpc: options.grpc.map(describeEndpoint),
      egress: options.egressPort === undefined ? undefined : `http://127.0.0.1:${options.egressPort}`,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof SidecarError) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
    process.exit(error.exitStatus);
  }
  const coded = error as Error & { code?: string };
  // A system error with a code (EADDRINUSE, EACCES) is explained by its message.
  process.stderr.write(
    coded.code !== undefined ? `sidecar failed to start: ${coded.code}: ${coded.message}\n` : `sidecar failed to start: ${coded.stack}\n`,
  );
  process.exit(1);
});
