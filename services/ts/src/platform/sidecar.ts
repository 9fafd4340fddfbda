// Mode sidecar: the app links no library; it shares files with the sidecar and calls peers through the ambassador.
import { builtInConfig } from '../config-defaults.js';
import type { StartContract } from '../start-contract.js';
import { checkCounterInput } from './business-metrics.js';
import { openConfigFile, type ConfigFile } from './config-file.js';
import { openLogFile, type LogFile } from './log-file.js';
import { installObserver } from './observe.js';
import { ambassadorPeers, plainPeers, targetOf, type PeerClient, type PeerTarget } from './peer-client.js';
import type { AppliedConfig, Platform } from './platform.js';

export async function createSidecarPlatform(contract: StartContract): Promise<Platform> {
  const fallback = builtInConfig(contract.service);
  const listeners: Array<(applied: AppliedConfig) => void> = [];
  const logFile: LogFile | undefined = contract.logFile ? openLogFile(contract.logFile, fallback.config.logLevel) : undefined;
  // logrotate's convention: after renaming the file away, it signals the app to reopen the path.
  if (logFile) process.on('SIGHUP', () => logFile.reopen());

  let inUse = fallback;
  let configFile: ConfigFile | undefined;
  if (contract.configFile) {
    configFile = await openConfigFile(contract.configFile, fallback, (reason, detail) =>
      logFile?.write('warn', 'config.rejected', `config file not applied, keeping version ${inUse.version}`, { reason, detail }),
    );
    inUse = configFile.current();
    logFile?.setLevel(inUse.config.logLevel);
    configFile.onChange((next) => {
      inUse = next;
      logFile?.setLevel(next.config.logLevel);
      logFile?.write('info', 'config.applied', `config version ${next.version} in use`, { config_version: next.version });
      for (const listener of listeners) listener(next);
    });
  }

  const peers: PeerClient = contract.egressUrl ? ambassadorPeers(contract.egressUrl) : plainPeers(contract.peers);
  // Business counters go to the sidecar's local API (spec/sidecar-api.openapi.yaml); without
  // SCL_SIDECAR_API_URL they are checked and dropped, so the app's side of the work is the same.
  const metricsTarget: PeerTarget | undefined =
    contract.features.includes('metrics') && contract.sidecarApiUrl ? targetOf(`${contract.sidecarApiUrl}/v1/metrics`) : undefined;

  return {
    mode: 'sidecar',
    log(level, event, msg, fields) {
      logFile?.write(level, event, msg, fields);
    },
    count(name, value, labels) {
      checkCounterInput(name, value, labels);
      if (metricsTarget) peers.postAndForget(metricsTarget, JSON.stringify({ name, value, labels: labels ?? {} }));
    },
    config: () => inUse,
    onConfig: (listener) => void listeners.push(listener),
    callPeer: (service, request) => peers.call(service, request),
    instrument(app) {
      if (logFile) installObserver(app, (exchange) => logFile.access(exchange));
    },
    start: async () => {},
    withdraw: async () => {},
    async stop() {
      configFile?.close();
      await peers.close();
      await logFile?.close();
    },
  };
}
