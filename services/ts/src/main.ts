// Entry point of every TypeScript service: read the start contract, build the app, serve, stop on SIGTERM.
import { buildApp } from './app.js';
import { createPlatform } from './platform/create-platform.js';
import { readStartContract } from './start-contract.js';

/** spec/start-contract.md: in-flight requests get this long after SIGTERM. */
const DRAIN_TIMEOUT_MILLIS = 10_000;
const IDLE_SWEEP_MILLIS = 50;
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
    // Out of the registry first (library mode), so that peers stop sending before the port closes.
    await platform.withdraw().catch((error: Error) => console.error(`deregistering failed: ${error.message}`));
    // close() stops accepting and waits for in-flight requests; past the deadline they are cut.
    // A keep-alive connection whose request finished after close() began would otherwise stay
    // open until its idle timeout, so idle connections are closed as they appear.
    const deadline = setTimeout(() => server.server.closeAllConnections(), DRAIN_TIMEOUT_MILLIS);
    const sweep = setInterval(() => server.server.closeIdleConnections(), IDLE_SWEEP_MILLIS);
    await server.close();
    clearTimeout(deadline);
    clearInterval(sweep);
    await platform.stop().catch((error: Error) => console.error(`stopping the features failed: ${error.message}`));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error & { code?: string }) => {
  // An error with a code (ours, or a system one such as EADDRINUSE) is explained by its message.
  console.error(error.code === undefined ? `service failed to start: ${error.stack}` : `${error.code}: ${error.message}`);
  process.exit(error.code !== undefined && BAD_INPUT_CODES.has(error.code) ? 2 : 1);
});
