// The live view of a bench run: a static page, its script, chart.js as the report embeds it, and the run's events as SSE.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunEvents } from '../engine/events.js';
import { REPO_ROOT } from '../paths.js';
import { colorFor } from '../report/charts.js';
import { CHART_JS_PATH } from '../report/page.js';
import { MODES } from '../results/types.js';
import { EventStream } from './event-stream.js';

/** The page is plain HTML and JavaScript, read from the source tree (tsc compiles only TypeScript into dist/). */
const PAGE_DIR = join(REPO_ROOT, 'scripts', 'live', 'page');

const FILES: Record<string, { path: string; type: string }> = {
  '/': { path: join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/live.js': { path: join(PAGE_DIR, 'live.js'), type: 'text/javascript; charset=utf-8' },
  // Served from node_modules, as the report inlines it: the page works with no network.
  '/chart.js': { path: CHART_JS_PATH, type: 'text/javascript; charset=utf-8' },
};

export interface LiveServer {
  url: string;
  port: number;
  /** Ends every stream and closes the port; resolves once the socket is closed. */
  close(): Promise<void>;
}

export async function startLiveServer(options: { port: number; runId: string; events: RunEvents }): Promise<LiveServer> {
  const stream = new EventStream(options.events);
  // What the page needs before any event: the run and the report's colours of each mode.
  const setup = JSON.stringify({
    runId: options.runId,
    modeColors: Object.fromEntries(MODES.map((mode, index) => [mode, colorFor(mode, index)])),
  });
  const server = createServer((request, response) => {
    void serve(request, response, stream, setup).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        stream.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, stream: EventStream, setup: string): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET' }).end();
  } else if (path === '/events') {
    stream.attach(request, response);
  } else if (path === '/setup.json') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(setup);
  } else if (FILES[path] !== undefined) {
    const file = FILES[path];
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(await readFile(file.path));
  } else {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}
