// Service registry with TTL health: passing until the TTL lapses, then critical, then removed.
import type { IndexCounter } from '../blocking.js';
import type { Instance, InstanceStatus, Registration, ServiceInstances, ServiceSummary } from '../types.js';

interface Entry {
  registration: Registration;
  status: InstanceStatus;
  registeredAtMillis: number;
  lastHeartbeatAtMillis: number;
  /** The next transition: critical after the TTL, or removal after the critical grace. */
  timer: NodeJS.Timeout;
}

interface Service {
  index: number;
  instances: Map<string, Entry>;
}

export interface RegistryOptions {
  counter: IndexCounter;
  deregisterCriticalAfterSeconds: number;
  /** Called after a service's index changed, to wake its blocking queries. */
  onChange: (service: string) => void;
}

export class RegistryStore {
  /** Every service ever registered; a service stays known after its last instance left. */
  private readonly services = new Map<string, Service>();
  private readonly byId = new Map<string, Entry>();

  constructor(private readonly options: RegistryOptions) {}

  /** Registers or replaces an instance; it is passing at once. */
  register(registration: Registration): void {
    const previous = this.byId.get(registration.id);
    if (previous !== undefined) this.remove(previous);
    const now = Date.now();
    const entry: Entry = {
      registration,
      status: 'passing',
      registeredAtMillis: now,
      lastHeartbeatAtMillis: now,
      timer: this.ttlTimer(registration),
    };
    this.byId.set(registration.id, entry);
    this.service(registration.service).instances.set(registration.id, entry);
    this.changed(registration.service);
  }

  /** Renews the TTL; false when the id is unknown (the client should register again). */
  heartbeat(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry === undefined) return false;
    entry.lastHeartbeatAtMillis = Date.now();
    if (entry.status === 'passing') {
      // A plain renewal: re-arm the same TTL timer, no index change, no allocation.
      entry.timer.refresh();
      return true;
    }
    clearTimeout(entry.timer);
    entry.status = 'passing';
    entry.timer = this.ttlTimer(entry.registration);
    this.changed(entry.registration.service);
    return true;
  }

  deregister(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry === undefined) return false;
    this.remove(entry);
    return true;
  }

  instances(name: string, passingOnly: boolean): ServiceInstances {
    const service = this.services.get(name);
    const instances: Instance[] = [];
    for (const entry of service?.instances.values() ?? []) {
      if (!passingOnly || entry.status === 'passing') instances.push(toInstance(entry));
    }
    instances.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { service: name, known: service !== undefined, index: service?.index ?? 0, instances };
  }

  /** 0 for a service never registered, so a blocking query on it waits for the first registration. */
  index(name: string): number {
    return this.services.get(name)?.index ?? 0;
  }

  summaries(): ServiceSummary[] {
    const summaries: ServiceSummary[] = [];
    for (const [name, service] of this.services) {
      let passing = 0;
      for (const entry of service.instances.values()) if (entry.status === 'passing') passing++;
      summaries.push({ name, passing, critical: service.instances.size - passing });
    }
    return summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Stops every timer (instances stay listed; the process is going away). */
  close(): void {
    for (const entry of this.byId.values()) clearTimeout(entry.timer);
  }

  private ttlTimer(registration: Registration): NodeJS.Timeout {
    const timer = setTimeout(() => this.markCritical(registration.id), registration.ttlSeconds * 1000);
    timer.unref();
    return timer;
  }

  private markCritical(id: string): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    entry.status = 'critical';
    entry.timer = setTimeout(() => this.deregister(id), this.options.deregisterCriticalAfterSeconds * 1000);
    entry.timer.unref();
    this.changed(entry.registration.service);
  }

  private remove(entry: Entry): void {
    clearTimeout(entry.timer);
    this.byId.delete(entry.registration.id);
    this.services.get(entry.registration.service)?.instances.delete(entry.registration.id);
    this.changed(entry.registration.service);
  }

  private service(name: string): Service {
    let service = this.services.get(name);
    if (service === undefined) {
      service = { index: 0, instances: new Map() };
      this.services.set(name, service);
    }
    return service;
  }

  private changed(name: string): void {
    this.service(name).index = this.options.counter.next();
    this.options.onChange(name);
  }
}

function toInstance(entry: Entry): Instance {
  const { id, service, address, port, meta } = entry.registration;
  const instance: Instance = {
    id,
    service,
    address,
    port,
    status: entry.status,
    registeredAt: new Date(entry.registeredAtMillis).toISOString(),
    lastHeartbeatAt: new Date(entry.lastHeartbeatAtMillis).toISOString(),
  };
  if (meta !== undefined) instance.meta = meta;
  return instance;
}
