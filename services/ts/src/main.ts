// Entry point of every TypeScript service: read the start contract, build the app, serve, stop on SIGTERM.
import { buildApp } from './app.js';
import { createPlatform } from './platform/create-platform.js';
import { readStartContract } from './start-contract.js';

/** spec/start-contract.md: in-flight requests get this long after SIGTERM. */
const DRAIN_TIMEOUT_MILLIS = 10_000;
/** Codes whose errors are the operator's input; spec/errors.json gives them exit status 2. */
const BAD_INPUT_CODES = new Set(['SCL_ERR_BAD_FLAG', 'SCL_ERR_BAD_SETTING']);

async function main(): Promise<void> {
  const contract = readStartContract(process.env);
  const platform = await createPlatform(contract);
  const { server, markReady } = await buildApp(contract, platform);
  await server.listen({ host: contract.host, port: contract.privatePort });
  await platform.start();
  markReady();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // close() stops accepting and waits for in-flight requests; past the deadline they are cut.
    const deadline = setTimeout(() => server.server.closeAllConnections(), DRAIN_TIMEOUT_MILLIS);
    await server.close();
    clearTimeout(deadline);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error & { code?: string }) => {
  const bad = error.code !== undefined && BAD_INPUT_CODES.has(error.code);
  console.error(bad ? `${error.code}: ${error.message}` : `service failed to start: ${error.stack ?? error.message}`);
  process.exit(bad ? 2 : 1);
});
