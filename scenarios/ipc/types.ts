// Shapes shared by the ipc scenario, its child programs and its report section.

export const IPC_TRANSPORTS = ['in-process', 'http-tcp', 'http-uds', 'grpc-tcp', 'grpc-uds'] as const;
export type IpcTransport = (typeof IPC_TRANSPORTS)[number];

export interface IpcEndpoints {
  port: number;
  httpSocket: string;
  grpcPort: number;
  grpcSocket: string;
}

/** What one client process (one repetition) is asked to do besides reaching the endpoints. */
export interface IpcClientPlan {
  /** How long each channel is timed. */
  taskMillis: number;
  /** How long every channel is called in turn, untimed, before the first is timed. */
  warmAllMillis: number;
  /** Which network channel is timed first: repetition r starts at channel r (mod their count), the rest follow in turn. */
  rotation: number;
}

/** The in-process call first (nothing it warms is shared), then the network channels rotated by `rotation`. */
export function timingOrder(rotation: number): IpcTransport[] {
  const [inProcess, ...network] = IPC_TRANSPORTS;
  const start = ((rotation % network.length) + network.length) % network.length;
  return [inProcess, ...network.slice(start), ...network.slice(0, start)];
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
