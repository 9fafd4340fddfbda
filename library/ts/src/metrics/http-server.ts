// Inbound request metrics: the request counter and the duration histogram, fed by observe().
import type { Counter, Histogram, Registry } from 'prom-client';
import type { Exchange } from '../feature.js';
import { specCounter, specHistogram } from './definitions.js';

type RequestLabels = { route: string; method: string; status: string };
type DurationLabels = { route: string; method: string };

interface RouteMethodLabels {
  duration: DurationLabels;
  byStatus: Map<number, RequestLabels>;
}

/**
 * Label objects are cached per (route, method, status), all bounded by the route templates, so
 * counting a request allocates nothing of ours once warm.
 */
export class HttpServerMetrics {
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly labelsByRoute = new Map<string, Map<string, RouteMethodLabels>>();

  constructor(registry: Registry) {
    this.requests = specCounter(registry, 'scl_http_server_requests_total');
    this.duration = specHistogram(registry, 'scl_http_server_request_duration_seconds');
  }

  observe(exchange: Exchange): void {
    const forMethod = this.labelsFor(exchange.route, exchange.method);
    let requestLabels = forMethod.byStatus.get(exchange.status);
    if (requestLabels === undefined) {
      requestLabels = { ...forMethod.duration, status: String(exchange.status) };
      forMethod.byStatus.set(exchange.status, requestLabels);
    }
    this.requests.inc(requestLabels);
    this.duration.observe(forMethod.duration, exchange.durationSeconds);
  }

  private labelsFor(route: string, method: string): RouteMethodLabels {
    let byMethod = this.labelsByRoute.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.labelsByRoute.set(route, byMethod);
    }
    let labels = byMethod.get(method);
    if (labels === undefined) {
      labels = { duration: { route, method: method.toUpperCase() }, byStatus: new Map() };
      byMethod.set(method, labels);
    }
    return labels;
  }
}
