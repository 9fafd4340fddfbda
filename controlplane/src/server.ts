// Builds the control plane as one fastify instance: registry, config store, log collector, faults, health.
import Fastify, { type FastifyInstance } from 'fastify';
import configDefaults from '../../spec/config.defaults.json' with { type: 'json' };
import { IndexCounter, Waits } from './blocking.js';
import { ConfigStore } from './config/store.js';
import { configWaitKey, registerConfigRoutes } from './config/routes.js';
import { assertConfigDocument } from './config/validate.js';
import { badRequest, installErrorHandlers } from './errors.js';
import { FaultStore, registerFaultRoutes } from './faults.js';
import { LogCollector } from './logs/collector.js';
import { registerLogRoutes } from './logs/routes.js';
import { registryWaitKey, registerRegistryRoutes } from './registry/routes.js';
import { RegistryStore } from './registry/store.js';
import { installValidators } from './validation.js';

export interface ControlPlaneOptions {
  /** How long a critical instance stays listed before it is removed. Default 30. */
  deregisterCriticalAfterSeconds?: number;
  /** Stored log records kept for GET /v1/logs/records; counts stay exact beyond it. Default 200000. */
  maxStoredRecords?: number;
  /** Store spec/config.defaults.json as version 1 of each service's config. Default true. */
  seedConfig?: boolean;
}

export const DEFAULT_OPTIONS: Required<ControlPlaneOptions> = {
  deregisterCriticalAfterSeconds: 30,
  maxStoredRecords: 200_000,
  seedConfig: true,
};

const BODY_LIMIT_BYTES = 64 * 1024;

export function createControlPlane(options: ControlPlaneOptions = {}): FastifyInstance {
  const settings = { ...DEFAULT_OPTIONS, ...options };
  // Instance ids may be 128 characters (Registration.id); fastify's default cap on a path parameter is 100.
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, routerOptions: { maxParamLength: 512 } });

  const counter = new IndexCounter();
  const waits = new Waits();
  const registry = new RegistryStore({
    counter,
    deregisterCriticalAfterSeconds: settings.deregisterCriticalAfterSeconds,
    onChange: (service) => waits.notify(registryWaitKey(service)),
  });
  const configs = new ConfigStore({ counter, onChange: (service) => waits.notify(configWaitKey(service)) });
  const faults = new FaultStore((service) => configs.bump(service));
  const collector = new LogCollector(settings.maxStoredRecords);
  if (settings.seedConfig) seedConfigs(configs);

  installJsonParser(app);
  installValidators(app);
  installErrorHandlers(app);
  app.get('/health', async () => ({ status: 'ok' }));
  registerRegistryRoutes(app, registry, waits);
  registerConfigRoutes(app, configs, faults, waits);
  registerLogRoutes(app, collector, faults, waits);
  registerFaultRoutes(app, faults);

  // Blocked queries and delayed answers are released before the server waits for in-flight requests.
  app.addHook('preClose', async () => {
    waits.close();
    registry.close();
  });
  return app;
}

function seedConfigs(configs: ConfigStore): void {
  for (const [service, document] of Object.entries(configDefaults)) {
    if (service.startsWith('$')) continue;
    assertConfigDocument(document);
    configs.put(service, document);
  }
}

/** JSON only (anything else is 415); an empty body is no body, so a bodyless PUT with a JSON content type works. */
function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      done(badRequest('body', `the body is not valid JSON (${(error as Error).message})`), undefined);
    }
  });
}
