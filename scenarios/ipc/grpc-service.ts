// Loads the ipc scenario's proto for the gRPC server and client.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { REPO_ROOT } from '../../scripts/paths.js';

export const PROTO_PATH = join(REPO_ROOT, 'scenarios', 'ipc', 'ipc.proto');

interface MetricSinkPackage {
  scl: { ipc: { MetricSink: grpc.ServiceClientConstructor } };
}

export function loadMetricSinkService(): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, defaults: true });
  return (grpc.loadPackageDefinition(definition) as unknown as MetricSinkPackage).scl.ipc.MetricSink;
}
