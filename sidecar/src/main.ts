// Entry point of the sidecar: read flags and settings, start, and stop cleanly on SIGTERM. With --apps it is an agent:
// one process for every app of the host (agent.ts), the same code per app.
// First: the heap flags must be set before the other modules load.
import './heap.js';
import { parseFeatureList, type FeatureName } from '../../library/ts/src/feature.js';
import { loadSettings, type Settings } from '../../library/ts/src/settings.js';
import { parseCommandLine, type CommandLine } from './agent-cli.js';
import { appPrefix, SidecarAgent } from './agent.js';
import { usage } from './cli.js';
import { SidecarError } from './errors.js';
import { describeEndpoint } from './net/listen.js';
import { Sidecar } from './sidecar.js';

function readSetup(): { command: CommandLine; features: FeatureName[]; settings: Settings } | undefined {
  let features: FeatureName[];
  let settings: Settings;
  try {
    features = parseFeatureList(process.env.SCL_FEATURES);
    settings = loadSettings(process.env);
  } catch (error) {
    throw new SidecarError('SCL_ERR_BAD_SETTING', (error as Error).message);
  }
  const command = parseCommandLine(process.argv.slice(2), features);
  return command === undefined ? undefined : { command, features, settings };
}

/** The one line printed once listening: where ingress, admin, the API and the ambassador are (per app for an agent). */
function listeningLine(command: CommandLine): string {
  const o = command.options;
  const egress = o.egressPort === undefined ? undefined : `http://127.0.0.1:${o.egressPort}`;
  if (command.kind === 'sidecar') {
    const s = command.options;
    return JSON.stringify({
      event: 'listening',
      public: `http://${s.publicHost}:${s.publicPort}`,
      admin: s.admin.map(describeEndpoint),
      api: s.api.map(describeEndpoint),
      grpc: s.grpc.map(describeEndpoint),
      egress,
    });
  }
  return JSON.stringify({
    event: 'listening',
    apps: command.options.apps.map((app) => ({
      instanceId: app.instanceId,
      public: `http://${app.publicHost}:${app.publicPort}`,
      prefix: appPrefix(app.instanceId),
    })),
    admin: o.admin.map(describeEndpoint),
    api: o.api.map(describeEndpoint),
    egress,
  });
}

async function main(): Promise<void> {
  const setup = readSetup();
  if (setup === undefined) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const { command, features, settings } = setup;
  const running =
    command.kind === 'sidecar'
      ? new Sidecar({ options: command.options, features, settings })
      : new SidecarAgent({ options: command.options, features, settings });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sidecar: ${signal}: deregistering, draining for up to ${command.options.graceSeconds} s\n`);
    running.stop().then(
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

  await running.start();
  process.stdout.write(`${listeningLine(command)}\n`);
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
