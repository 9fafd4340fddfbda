// Child program of the ipc scenario: tinybench of one call over each transport; one JSON line of per-call costs.
// Every channel is warmed before any is timed, and the network channels are timed in the order `rotation` gives: a
// channel timed first paid for warming what the others share (the server's handler, undici, grpc-js), and one timed
// right after another of its kind profited. Measured on this machine, 3 fresh clients per server, 4 servers each:
// timed in the fixed order with only tinybench's per-task warm-up, http-tcp p50 was 315-346 µs and http-uds 255-314;
// after 300 ms of every channel warmed, 250-287 and 212-237; in reverse order with no shared warm-up, http-uds came out
// slower than http-tcp in three servers of four.
import { Bench } from 'tinybench';
import { Client } from 'undici';
import * as grpc from '@grpc/grpc-js';
import { COUNT_PATH, MetricSink, SAMPLE_REQUEST, type CountReply, type CountRequest } from './metric-sink.js';
import { loadMetricSinkService } from './grpc-service.js';
import { timingOrder, type IpcClientPlan, type IpcTaskResult, type IpcTransport, type IpcEndpoints } from './types.js';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write(
    'usage: node ipc-bench-main.js \'{"port":..,"httpSocket":..,"grpcPort":..,"grpcSocket":..,"taskMillis":..,"warmAllMillis":..,"rotation":..}\'\n',
  );
  process.exit(2);
}
const endpoints = JSON.parse(raw) as IpcEndpoints & IpcClientPlan;
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

// Round-robin, call by call, so every channel and the server's code for it is warm before the first is timed.
const warmUntil = Date.now() + endpoints.warmAllMillis;
while (Date.now() < warmUntil) for (const call of Object.values(calls)) await call();

const bench = new Bench({ time: endpoints.taskMillis, warmupTime: Math.max(20, endpoints.taskMillis / 3), throws: true });
for (const transport of timingOrder(endpoints.rotation)) bench.add(transport, calls[transport]);
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
