// Mode library: wraps library/ts in-process; the ONE file of services/ts that imports the library.
import type { FastifyInstance } from 'fastify';
import type { Library, LibraryOptions } from '../../../../library/ts/src/types.js';
import { builtInConfig } from '../config-defaults.js';
import { ServiceError } from '../http/errors.js';
import type { StartContract } from '../start-contract.js';
import { installObserver } from './observe.js';
import { egressError } from './peer-client.js';
import type { Platform, PeerResponse } from './platform.js';

// Loaded by URL while library/ts/src/index.ts is written on another branch, so this file
// compiles without it. Once it lands: `import { createLibrary } from '../../../../library/ts/src/index.js'`.
const LIBRARY_ENTRY = new URL('../../../../library/ts/src/index.js', import.meta.url).href;

/** The library is not part of this build; main reports it and exits 1. Goes away with the import above. */
export class LibraryUnavailableError extends Error {
  readonly code = 'SCL_ERR_LIBRARY_UNAVAILABLE';
}

type CreateLibrary = (options: LibraryOptions) => Library;

async function loadCreateLibrary(): Promise<CreateLibrary> {
  let entry: { createLibrary?: CreateLibrary };
  try {
    entry = (await import(LIBRARY_ENTRY)) as { createLibrary?: CreateLibrary };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    entry = {};
  }
  if (typeof entry.createLibrary !== 'function') {
    throw new LibraryUnavailableError(
      `library not available: ${LIBRARY_ENTRY} does not export createLibrary; build library/ts or use SCL_MODE=none or sidecar`,
    );
  }
  return entry.createLibrary;
}

export async function createLibraryPlatform(contract: StartContract): Promise<Platform> {
  const createLibrary = await loadCreateLibrary();
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
  library.onConfig((applied) => library.log.setLevel(applied.config.logLevel));

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
    instrument(app) {
      installObserver(app, (exchange) => library.observe(exchange));
      serveMetrics(app, library);
    },
    start: () => library.start(),
    stop: () => library.stop(),
  };
}

/** Library mode exposes the metrics on the app's own port (spec/features.md metrics). */
function serveMetrics(app: FastifyInstance, library: Library): void {
  app.get('/metrics', { config: { observed: false } }, async (request, reply) => {
    const exposition = await library.scrape();
    if (exposition === undefined) throw new ServiceError('not_found', 'the metrics feature is disabled (SCL_FEATURES)');
    return reply.type(exposition.contentType).send(exposition.body);
  });
}
