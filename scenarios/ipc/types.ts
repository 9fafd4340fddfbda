// Shapes shared by the ipc scenario, its child programs and its report section.

export const IPC_TRANSPORTS = ['in-process', 'http-tcp', 'http-uds', 'grpc-tcp', 'grpc-uds'] as const;
export type IpcTransport = (typeof IPC_TRANSPORTS)[number];

export interface IpcEndpoints {
  port: number;
  httpSocket: string;
  grpcPort: number;
  grpcSocket: string;
}

/** One transport in one repetition, per call, from tinybench. */
export interface IpcTaskResult {
  transport: IpcTransport;
  samples: number;
  meanNanos: number;
  p50Nanos: number;
  p99Nanos: number;
  relativeMarginOfError: number;
}
