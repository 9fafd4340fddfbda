// Versioned config documents per service; an index per service wakes blocking queries on a new version or fault.
import type { IndexCounter } from '../blocking.js';
import type { ConfigDocument, ConfigPutResult } from '../types.js';

interface StoredConfig {
  version: number;
  config: ConfigDocument;
  /** Key-order independent form, so an identical document is recognised. */
  canonical: string;
}

export interface ConfigStoreOptions {
  counter: IndexCounter;
  /** Called after a service's index changed, to wake its blocking queries. */
  onChange: (service: string) => void;
}

export class ConfigStore {
  private readonly documents = new Map<string, StoredConfig>();
  private readonly indexes = new Map<string, number>();

  constructor(private readonly options: ConfigStoreOptions) {}

  /** Stores a new version unless the document equals the current one. The caller has validated it. */
  put(service: string, config: ConfigDocument): ConfigPutResult {
    const canonical = canonicalJson(config);
    const current = this.documents.get(service);
    if (current !== undefined && current.canonical === canonical) return { version: current.version, changed: false };
    const version = (current?.version ?? 0) + 1;
    this.documents.set(service, { version, config, canonical });
    this.bump(service);
    return { version, changed: true };
  }

  get(service: string): { version: number; config: ConfigDocument } | undefined {
    return this.documents.get(service);
  }

  /** 0 while a service has neither a document nor a fault toggled, so a blocking query waits for the first. */
  index(service: string): number {
    return this.indexes.get(service) ?? 0;
  }

  /** A new index without a new version: a fault on this service was toggled. */
  bump(service: string): void {
    this.indexes.set(service, this.options.counter.next());
    this.options.onChange(service);
  }

  list(): { service: string; version: number }[] {
    return [...this.documents]
      .map(([service, stored]) => ({ service, version: stored.version }))
      .sort((a, b) => (a.service < b.service ? -1 : 1));
  }
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
