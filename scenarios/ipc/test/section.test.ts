import { describe, expect, it } from 'vitest';
import { analyzeIpcRun } from '../analysis.js';
import type { IpcData } from '../run.js';
import { savingSentence } from '../section.js';
import { IPC_TRANSPORTS, timingOrder, type IpcTaskResult, type IpcTransport } from '../types.js';

/** Three repetitions with the given per-call p50 (µs) for each network channel; in-process at 50 ns. */
function data(p50Micros: Partial<Record<IpcTransport, number[]>>): IpcData {
  const task = (transport: IpcTransport, p50Nanos: number): IpcTaskResult => ({
    transport,
    samples: 300,
    meanNanos: p50Nanos,
    p50Nanos,
    p99Nanos: p50Nanos * 3,
    relativeMarginOfError: 1,
  });
  return {
    repetitions: [0, 1, 2].map((repetition) =>
      IPC_TRANSPORTS.map((transport) =>
        task(transport, transport === 'in-process' ? 50 : (p50Micros[transport]?.[repetition] ?? 800) * 1000),
      ),
    ),
    taskMillis: 100,
    warmAllMillis: 300,
    rotated: true,
    placement: 'test',
  };
}

describe('ipc timing order', () => {
  it('times the in-process call first and starts the network channels one further each repetition', () => {
    expect(timingOrder(0)).toEqual(['in-process', 'http-tcp', 'http-uds', 'grpc-tcp', 'grpc-uds']);
    expect(timingOrder(1)).toEqual(['in-process', 'http-uds', 'grpc-tcp', 'grpc-uds', 'http-tcp']);
    expect(timingOrder(4)).toEqual(timingOrder(0));
  });
});

describe('what the ipc section says of a Unix socket against TCP', () => {
  const http = (tcp: number[], uds: number[]) =>
    analyzeIpcRun(data({ 'http-tcp': tcp, 'http-uds': uds })).socketSavings.find((one) => one.protocol === 'http')!;

  it('says the socket saved time only when every repetition says so', () => {
    const sentence = savingSentence(http([300, 310, 320], [200, 210, 220]));
    expect(sentence).toMatch(/^for HTTP the socket saved 100 µs per call/);
    // A negative difference reads in microseconds with its sign, not as tens of thousands of nanoseconds.
    expect(sentence).toMatch(/socket minus TCP: -100 µs/);
  });

  it('says it cost more when the data says so', () => {
    expect(savingSentence(http([200, 210, 220], [300, 310, 320]))).toMatch(/^for HTTP the socket cost 100 µs more per call/);
  });

  it('says the two could not be told apart when the repetitions disagree', () => {
    expect(savingSentence(http([250, 300, 260], [280, 240, 290]))).toMatch(/could not tell the two apart/);
  });
});
