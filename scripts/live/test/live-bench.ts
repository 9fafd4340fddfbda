// For the live view's tests: a real bench run with --live, its page's address, its event stream read over a socket.
import { get } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { REPO_ROOT } from '../../paths.js';
import type { RunEvent } from '../../engine/events.js';

export interface LiveBench {
  bench: ResultPromise<{ reject: false; all: true }>;
  /** The page's address, as the bench printed it at start. */
  url: Promise<string>;
}

export function startLiveBench(args: readonly string[], outDir: string): LiveBench {
  const bench = execa('node', [join(REPO_ROOT, 'dist/scripts/bench/main.js'), ...args, '--live', '--no-build', '--out', outDir], {
    reject: false,
    all: true,
  });
  const url = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: bench.stderr! });
    lines.on('line', (line) => {
      const match = /^live view: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
      if (match) resolve(match[1]!);
    });
    lines.once('close', () => reject(new Error('the bench ended without printing its live view')));
  });
  url.catch(() => undefined);
  return { bench, url };
}

export interface ReadEvents {
  /** Each run event, with the moment (performance.now()) it arrived here. */
  events: { event: RunEvent; arrivedMillis: number }[];
  /** Resolves when the stream ends: the server ended it, or its socket closed. */
  ended: Promise<number>;
}

/** GET /events with node:http, parsing the server-sent frames as they arrive; `onEvent` sees each one. */
export function readEvents(url: string, onEvent: (event: RunEvent) => void = () => undefined): ReadEvents {
  const events: ReadEvents['events'] = [];
  const ended = new Promise<number>((resolve, reject) => {
    get(new URL('events', url), (response) => {
      if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/event-stream'))
        reject(new Error(`GET /events answered ${response.statusCode} ${response.headers['content-type']}`));
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // Only unnamed frames are run events; `event: progress` frames are the ETA.
          if (frame.split('\n').some((line) => line.startsWith('event:'))) continue;
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data === '') continue;
          const event = JSON.parse(data) as RunEvent;
          events.push({ event, arrivedMillis: performance.now() });
          onEvent(event);
        }
      });
      // A stream the server ended, or a socket closed by its process exiting: either way the stream is over.
      response.on('close', () => resolve(performance.now()));
      response.on('error', () => resolve(performance.now()));
    }).on('error', reject);
  });
  ended.catch(() => undefined);
  return { events, ended };
}

/** True when nothing listens on the port any more. */
export function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
