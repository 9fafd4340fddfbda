// From raw ipc repetitions to per-transport medians with intervals, and each transport's cost over in-process.
import type { IpcData } from './run.js';
import { IPC_TRANSPORTS, type IpcTransport } from './types.js';
import { estimateDifference, estimateMedian, type Difference, type Estimate } from '../../scripts/stats/summary.js';

export interface IpcFigure {
  transport: IpcTransport;
  /** Median over repetitions of each repetition's per-call p50. */
  p50Nanos: Estimate | null;
  p99Nanos: Estimate | null;
  /** Extra cost per call over the in-process call. */
  overInProcessNanos: Difference | null;
}

export function analyzeIpc(data: IpcData): IpcFigure[] {
  const valuesOf = (transport: IpcTransport, key: 'p50Nanos' | 'p99Nanos') =>
    data.repetitions.flatMap((repetition) => repetition.filter((task) => task.transport === transport).map((task) => task[key]));
  const inProcess = valuesOf('in-process', 'p50Nanos');
  return IPC_TRANSPORTS.map((transport) => ({
    transport,
    p50Nanos: estimateMedian(valuesOf(transport, 'p50Nanos')),
    p99Nanos: estimateMedian(valuesOf(transport, 'p99Nanos')),
    overInProcessNanos: transport === 'in-process' ? null : estimateDifference(inProcess, valuesOf(transport, 'p50Nanos')),
  }));
}

/** Per protocol, a Unix socket against TCP loopback: the p50 per call over the socket minus over TCP (negative: it saved). */
export interface SocketSaving {
  protocol: 'http' | 'grpc';
  udsMinusTcpNanos: Difference | null;
}

export function socketSavings(data: IpcData): SocketSaving[] {
  const p50s = (transport: IpcTransport) =>
    data.repetitions.flatMap((repetition) => repetition.filter((task) => task.transport === transport).map((task) => task.p50Nanos));
  return (['http', 'grpc'] as const).map((protocol) => ({
    protocol,
    udsMinusTcpNanos: estimateDifference(p50s(`${protocol}-tcp`), p50s(`${protocol}-uds`)),
  }));
}

/** Everything the ipc section, headlines and C4 read: computed once per report. */
export interface IpcAnalysis {
  data: IpcData;
  figures: IpcFigure[];
  socketSavings: SocketSaving[];
}

export function analyzeIpcRun(data: IpcData): IpcAnalysis {
  return { data, figures: analyzeIpc(data), socketSavings: socketSavings(data) };
}
