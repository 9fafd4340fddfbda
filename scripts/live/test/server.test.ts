// The live server in-process over a real socket: the page, its script and chart.js served; events replayed to a late
// reader and streamed as they come; the stream ended by run-finished; the port freed by close.
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RunEvents } from '../../engine/events.js';
import { startLiveServer, type LiveServer } from '../server.js';
import { portClosed, readEvents } from './live-bench.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
});

function fetchText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    }).on('error', reject);
  });
}

describe('the live server', () => {
  it("serves the page, its script, chart.js and the run's setup; anything else is 404", async () => {
    server = await startLiveServer({ port: 0, runId: 'run-1', events: new RunEvents() });
    const page = await fetchText(server.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/live.js">');
    expect((await fetchText(`${server.url}live.js`)).body).toContain("new EventSource('/events')");
    const chart = await fetchText(`${server.url}chart.js`);
    expect([chart.status, chart.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(chart.body.length).toBeGreaterThan(100_000);
    expect(JSON.parse((await fetchText(`${server.url}setup.json`)).body)).toMatchObject({
      runId: 'run-1',
      modeColors: { sidecar: expect.any(String) },
    });
    expect((await fetchText(`${server.url}nothing`)).status).toBe(404);
  });

  it('replays what happened to a late reader, streams what follows, and ends with run-finished', async () => {
    const events = new RunEvents();
    server = await startLiveServer({ port: 0, runId: 'run-1', events });
    events.emit({ type: 'run-started', runId: 'run-1', tier: 'smoke', scenarios: ['isolation'], estimateSeconds: 5 });
    events.emit({ type: 'step-started', scenario: 'isolation', label: 'before the reader came' });
    const types: string[] = [];
    const stream = readEvents(server.url, (event) => {
      types.push(event.type);
      // Once the replay is in, the run goes on.
      if (event.type === 'step-started') {
        events.emit({
          type: 'fault-injected',
          scenario: 'isolation',
          fault: 'sidecar-kill',
          how: 'kill -9',
          cell: { lang: 'ts', mode: 'sidecar' },
        });
        events.emit({ type: 'run-finished', status: 'complete' });
      }
    });
    await stream.ended;
    expect(types).toEqual(['run-started', 'step-started', 'fault-injected', 'run-finished']);
    // A reconnecting reader gets only what it missed.
    const missed = await fetchText(`${server.url}events`, { 'last-event-id': '1' });
    const runEvents = missed.body.split('\n\n').filter((frame) => frame.includes('data: ') && !frame.includes('event: progress'));
    expect(runEvents.map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)).type)).toEqual(['fault-injected', 'run-finished']);
  });

  it('frees its port when closed, with a reader still attached', async () => {
    server = await startLiveServer({ port: 0, runId: 'run-1', events: new RunEvents() });
    const stream = readEvents(server.url);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.close();
    await stream.ended;
    expect(await portClosed(server.port)).toBe(true);
  });
});
