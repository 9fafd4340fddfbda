// What one business service (web, customers, payment) gives the app: its routes, and what it releases at shutdown.
import type { FastifyInstance } from 'fastify';
import type { Platform } from './platform/platform.js';
import type { StartContract } from './start-contract.js';

export interface ServiceContext {
  contract: StartContract;
  platform: Platform;
}

/** One business service: its routes and what it must release at shutdown. */
export interface ServiceModule {
  routes(app: FastifyInstance): void;
  close(): void;
}
