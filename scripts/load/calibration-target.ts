// Calibration targets of known latency: a no-op server and one that answers after a fixed delay.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Histogram } from 'hdr-histogram-js';
import { newMicrosHistogram, recordMicros, summarizeHistogram, type HistogramSummaryMicros } from '../stats/histogram.js';

export const TRUTH_PATH = '/_truth';

export interface CalibrationTarget {
  server: Server;
  port: number;
}

/**
 * `delayMicros` 0 answers at once; otherwise after a timer of that length. The server measures its own
 * time from request to answer (the truth the generator's reading is compared to) and serves it at /_truth.
 */
export async function startCalibrationTarget(delayMicros: number, port = 0): Promise<CalibrationTarget> {
  let truth: Histogram = newMicrosHistogram();
  const delayMillis = delayMicros / 1000;
  const server = createServer((request, response) => {
    if (request.url === TRUTH_PATH) {
      const summary: HistogramSummaryMicros = summarizeHistogram(truth);
      truth.destroy();
      truth = newMicrosHistogram();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(summary));
      return;
    }
    const arrivedMicros = performance.now() * 1000;
    const answer = (): void => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
      recordMicros(truth, performance.now() * 1000 - arrivedMicros);
    };
    request.resume();
    if (delayMicros === 0) request.on('end', answer);
    else request.on('end', () => setTimeout(answer, delayMillis));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
