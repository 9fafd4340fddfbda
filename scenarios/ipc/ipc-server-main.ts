// Child program of the ipc scenario: one MetricSink served as HTTP and gRPC, each over TCP loopback and a Unix socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { COUNT_PATH, MetricSink, type CountReply, type CountRequest } from './metric-sink.js';
import { loadMetricSinkService } from './grpc-service.js';

const socketDir = process.argv[2];
if (socketDir === undefined) {
  process.stderr.write('usage: node ipc-server-main.js <socket folder>\n');
  process.exit(2);
}
const sink = new MetricSink();

function handleHttp(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST' || request.url !== COUNT_PATH) {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const reply = sink.count(JSON.parse(Buffer.concat(chunks).toString()) as CountRequest);
    const body = JSON.stringify(reply);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

async function listenHttp(target: number | string): Promise<AddressInfo | string> {
  const server = createServer(handleHttp);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) =>
    typeof target === 'number' ? server.listen(target, '127.0.0.1', resolve) : server.listen(target, resolve),
  );
  return server.address() as AddressInfo | string;
}

async function listenGrpc(addresses: string[]): Promise<number[]> {
  const server = new grpc.Server();
  server.addService(loadMetricSinkService().service, {
    Count: (call: grpc.ServerUnaryCall<CountRequest, CountReply>, callback: grpc.sendUnaryData<CountReply>) => {
      callback(null, sink.count(call.request));
    },
  });
  return Promise.all(
    addresses.map(
      (address) =>
        new Promise<number>((resolve, reject) => {
          server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
        }),
    ),
  );
}

const httpSocket = `${socketDir}/http.sock`;
const grpcSocket = `${socketDir}/grpc.sock`;
rmSync(httpSocket, { force: true });
rmSync(grpcSocket, { force: true });
const httpTcp = (await listenHttp(0)) as AddressInfo;
await listenHttp(httpSocket);
const [grpcPort] = await listenGrpc(['127.0.0.1:0', `unix://${grpcSocket}`]);
process.stdout.write(`${JSON.stringify({ port: httpTcp.port, httpSocket, grpcPort, grpcSocket })}\n`);
process.on('SIGTERM', () => process.exit(0));
