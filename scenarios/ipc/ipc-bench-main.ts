// Child program of the ipc scenario: tinybench of one call over each transport; one JSON line of per-call costs.
import { Bench } from 'tinybench';
import { Client } from 'undici';
import * as grpc from '@grpc/grpc-js';
import { COUNT_PATH, MetricSink, SAMPLE_REQUEST, type CountReply, type CountRequest } from './metric-sink.js';
import { loadMetricSinkService } from './grpc-service.js';
import type { IpcTaskResult, IpcTransport, IpcEndpoints } from './types.js';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write('usage: node ipc-bench-main.js \'{"port":..,"httpSocket":..,"grpcPort":..,"grpcSocket":..,"taskMillis":..}\'\n');
  process.exit(2);
}
const endpoints = JSON.parse(raw) as IpcEndpoints & { taskMillis: number };
const body = JSON.stringify(SAMPLE_REQUEST);

function httpCall(client: Client): () => Promise<unknown> {
  return async () => {
    const response = await client.request({ path: COUNT_PATH, method: 'POST', body, headers: { 'content-type': 'application/json' } });
    return response.body.json();
  };
}

function grpcCall(client: grpc.Client): () => Promise<CountReply> {
  const count = (
    client as unknown as Record<string, (request: CountRequest, callback: (error: Error | null, reply: CountReply) => void) => void>
  ).Count!.bind(client);
  return () => new Promise((resolve, reject) => count(SAMPLE_REQUEST, (error, reply) => (error ? reject(error) : resolve(reply))));
}

const sink = new MetricSink();
const httpTcp = new Client(`http://127.0.0.1:${endpoints.port}`, { pipelining: 1 });
const httpUds = new Client('http://localhost', { socketPath: endpoints.httpSocket, pipelining: 1 });
const MetricSinkClient = loadMetricSinkService();
const grpcTcp = new MetricSinkClient(`127.0.0.1:${endpoints.grpcPort}`, grpc.credentials.createInsecure());
const grpcUds = new MetricSinkClient(`unix://${endpoints.grpcSocket}`, grpc.credentials.createInsecure());

const calls: Record<IpcTransport, () => unknown> = {
  'in-process': () => sink.count(SAMPLE_REQUEST),
  'http-tcp': httpCall(httpTcp),
  'http-uds': httpCall(httpUds),
  'grpc-tcp': grpcCall(grpcTcp),
  'grpc-uds': grpcCall(grpcUds),
};

const bench = new Bench({ time: endpoints.taskMillis, warmupTime: Math.max(20, endpoints.taskMillis / 3), throws: true });
for (const [transport, call] of Object.entries(calls)) bench.add(transport, call);
await bench.run();

const results: IpcTaskResult[] = bench.tasks.map((task) => {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`ipc task ${task.name} ended ${result.state}`);
  const latency = result.latency;
  return {
    transport: task.name as IpcTransport,
    samples: latency.samplesCount,
    meanNanos: latency.mean * 1e6,
    p50Nanos: latency.p50 * 1e6,
    p99Nanos: latency.p99 * 1e6,
    relativeMarginOfError: latency.rme,
  };
});
await Promise.all([httpTcp.close(), httpUds.close()]);
grpcTcp.close();
grpcUds.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
