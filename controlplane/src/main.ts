// CLI entry of the control plane: parse flags, listen, print the listening line, close on SIGTERM/SIGINT.
import { BadFlagError, USAGE, parseCliOptions, type CliOptions } from './cli-options.js';
import { createControlPlane } from './server.js';

/** In-flight requests get this long after a signal before their connections are cut. */
const SHUTDOWN_GRACE_MILLIS = 3000;

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BadFlagError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const app = createControlPlane(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://${urlHost(options.host)}:${port}` })}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) process.exit(0);
    closing = true;
    setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MILLIS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`control plane: close failed: ${String(error)}\n`);
        process.exit(0);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/** A wildcard bind is reached on loopback; an IPv6 literal needs brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  process.stderr.write(`control plane: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
