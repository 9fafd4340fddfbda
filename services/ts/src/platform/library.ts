// Mode library: the app links library/ts in-process; the ONE file of services/ts that imports the library.
import { setTimeout as delay } from 'node:timers/promises';
import { createLibrary, instrumentFastify } from '../../../../library/ts/src/index.js';
import { builtInConfig } from '../config-defaults.js';
import type { StartContract } from '../start-contract.js';
import { egressError } from './peer-client.js';
import type { Platform, PeerResponse } from './platform.js';

/** spec/start-contract.md: after deregistering, peers get this long to see it before the server stops accepting. */
const DEREGISTRATION_PROPAGATION_MILLIS = 250;

export function createLibraryPlatform(contract: StartContract): Platform {
  // Throws SettingError (SCL_ERR_BAD_SETTING) on a bad SCL_<FEATURE>_<SETTING> override.
  const library = createLibrary({
    service: contract.service,
    instanceId: contract.instanceId,
    controlplaneUrl: contract.controlplaneUrl!,
    advertise: { address: contract.host, port: contract.publicPort },
    features: contract.features,
    configDefaults: builtInConfig(contract.service).config,
    mode: 'library',
  });

  return {
    mode: 'library',
    log: (level, event, msg, fields) => library.log.log(level, event, msg, fields),
    count: (name, value, labels) => library.metrics.count(name, value, labels),
    config: () => library.config(),
    onConfig: (listener) => library.onConfig(listener),
    async callPeer(service, request): Promise<PeerResponse> {
      try {
        const { status, headers, body, errorKind } = await library.egress.request(service, request);
        return errorKind === undefined ? { status, headers, body } : { status, headers, body, errorKind };
      } catch (error) {
        return egressError('connect_error', (error as Error).message);
      }
    },
    // What a library user writes: the library's own glue (observe per route, GET /metrics).
    instrument: (app) => instrumentFastify(app, library),
    start: () => library.start(),
    async withdraw() {
      await library.deregister();
      await delay(DEREGISTRATION_PROPAGATION_MILLIS);
    },
    stop: () => library.stop(),
  };
}
