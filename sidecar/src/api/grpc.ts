// The local API over gRPC (spec/sidecar.proto), on loopback or a Unix socket; loaded only when asked for.
import type * as Grpc from '@grpc/grpc-js';
import { fromRoot } from '../paths.js';
import { LOOPBACK, removeStaleSocket, type LocalEndpoint } from '../net/listen.js';
import { ApiError, type LocalApi } from './operations.js';

type Unary<Request, Response> = (call: Grpc.ServerUnaryCall<Request, Response>, callback: Grpc.sendUnaryData<Response>) => void;
type FieldValue = {
  kind?: 'string_value' | 'number_value' | 'bool_value';
  string_value?: string;
  number_value?: number;
  bool_value?: boolean;
};

export interface GrpcApi {
  close(): Promise<void>;
}

/** @grpc/grpc-js is imported here, at start, only by a sidecar given --grpc-port or --grpc-socket: it costs memory. */
export async function startGrpcApi(api: LocalApi, endpoints: readonly LocalEndpoint[]): Promise<GrpcApi> {
  const grpc = await import('@grpc/grpc-js');
  const protoLoader = await import('@grpc/proto-loader');
  const definition = await protoLoader.load(fromRoot('spec', 'sidecar.proto'), {
    keepCase: true,
    defaults: true,
    oneofs: true,
    longs: Number,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    scl: { sidecar: { v1: { Sidecar: Grpc.ServiceClientConstructor } } };
  };
  const server = new grpc.Server();

  const unary =
    <Request, Response>(operation: (request: Request) => Response | Promise<Response>): Unary<Request, Response> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => operation(call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toStatus(grpc, error)),
        );
    };

  server.addService(loaded.scl.sidecar.v1.Sidecar.service, {
    RecordMetric: unary((request: { name: string; value: number; labels: Record<string, string> }) => {
      api.recordMetric(request);
      return {};
    }),
    EmitEvent: unary(async (request: { level: string; event: string; msg: string; fields: Record<string, FieldValue> }) => ({
      queued: await api.emitEvent({ ...request, fields: plainFields(request.fields) }),
    })),
    GetConfig: unary(() => {
      const { version, config } = api.readConfig();
      return { version, config_json: JSON.stringify(config) };
    }),
    ResolveService: unary((request: { service: string }) => api.resolveService(request.service)),
  });

  for (const endpoint of endpoints) {
    let address: string;
    if ('port' in endpoint) {
      address = `${LOOPBACK}:${endpoint.port}`;
    } else {
      await removeStaleSocket(endpoint.socketPath);
      address = `unix:${endpoint.socketPath}`;
    }
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
    );
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}

function plainFields(fields: Record<string, FieldValue> | undefined): Record<string, string | number | boolean> | undefined {
  if (fields === undefined || Object.keys(fields).length === 0) return undefined;
  const plain: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    const kind = value.kind;
    if (kind !== undefined && value[kind] !== undefined) plain[key] = value[kind];
  }
  return plain;
}

function toStatus(grpc: typeof Grpc, error: unknown): Partial<Grpc.StatusObject> {
  if (error instanceof ApiError) {
    const code =
      error.status === 400 ? grpc.status.INVALID_ARGUMENT : error.status === 503 ? grpc.status.UNAVAILABLE : grpc.status.INTERNAL;
    const where = error.field === undefined ? '' : `${error.field}: `;
    return { code, details: `${error.code}: ${where}${error.message}` };
  }
  return { code: grpc.status.INTERNAL, details: `SCL_ERR_SIDECAR_INTERNAL: ${(error as Error).message}` };
}
