// Server-sent events over node:http's own streaming: every run event in order, replayed to a page that joins late.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunEvent, RunEvents } from '../engine/events.js';
import { ProgressEstimate } from '../bench/progress-estimate.js';

/** How often the page gets the progress and ETA between events: the terminal bar redraws at about this pace too. */
const PROGRESS_EVERY_MILLIS = 1000;
/** Tells EventSource how soon to reconnect after a dropped connection. */
const RETRY_MILLIS = 1000;

export class EventStream {
  /** Every event so far, so a page opened mid-run (or reconnecting) sees the whole run. */
  private readonly history: string[] = [];
  private readonly clients = new Set<ServerResponse>();
  private readonly estimate: ProgressEstimate;
  private readonly unsubscribe: () => void;
  private readonly ticker: NodeJS.Timeout;
  private finished = false;

  constructor(events: RunEvents) {
    this.estimate = new ProgressEstimate(events);
    this.unsubscribe = events.subscribe((event) => this.publish(event));
    this.ticker = setInterval(() => this.sendProgress(), PROGRESS_EVERY_MILLIS);
    this.ticker.unref();
  }

  /** GET /events: the history after Last-Event-ID (all of it on a first visit), then each event as it comes. */
  attach(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: ${RETRY_MILLIS}\n\n`);
    // A reconnecting EventSource names the last id it got; anything else gets the whole run.
    const lastSeen = Number(request.headers['last-event-id'] ?? Number.NaN);
    const after = Number.isInteger(lastSeen) ? lastSeen : -1;
    for (const [id, frame] of this.history.entries()) if (id > after) response.write(frame);
    response.write(this.progressFrame());
    if (this.finished) {
      response.end();
      return;
    }
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  /** Stops listening and ends every stream still open. */
  close(): void {
    clearInterval(this.ticker);
    this.unsubscribe();
    this.endStreams();
  }

  /** After run-finished nothing more comes: the streams end, and a page that opens later gets the whole run and its end. */
  private endStreams(): void {
    this.finished = true;
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private publish(event: RunEvent): void {
    const frame = `id: ${this.history.length}\ndata: ${JSON.stringify(event)}\n\n`;
    this.history.push(frame);
    for (const client of this.clients) client.write(frame);
    if (event.type === 'run-finished') {
      this.sendProgress();
      this.endStreams();
    }
  }

  private progressFrame(): string {
    return `event: progress\ndata: ${JSON.stringify(this.estimate.snapshot())}\n\n`;
  }

  private sendProgress(): void {
    if (this.clients.size === 0) return;
    const frame = this.progressFrame();
    for (const client of this.clients) client.write(frame);
  }
}
