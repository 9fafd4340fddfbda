// The work behind every ipc transport: add to a named counter. Kept trivial so the transport is what is measured.

export interface CountRequest {
  name: string;
  value: number;
}

export interface CountReply {
  accepted: boolean;
  total: number;
}

export class MetricSink {
  private readonly totals = new Map<string, number>();

  count(request: CountRequest): CountReply {
    const total = (this.totals.get(request.name) ?? 0) + request.value;
    this.totals.set(request.name, total);
    return { accepted: true, total };
  }
}

export const SAMPLE_REQUEST: CountRequest = { name: 'payments_total', value: 1 };
export const COUNT_PATH = '/v1/metrics/count';
