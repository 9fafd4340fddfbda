// Fake peer services: HTTP servers that answer from a script and record every request they receive.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePorts } from '../../scripts/orchestration/ports.js';
import type { ScriptedResponse } from './vector.js';

export interface ReceivedRequest {
  instance: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface FakeInstance {
  server: Server;
  port: number;
  /** Requests answered so far: the index into the script. */
  served: number;
}

/** One fake service with one or more instances sharing a script; each instance walks the script on its own. */
export class FakeUpstream {
  readonly received: ReceivedRequest[] = [];
  private readonly instances: FakeInstance[] = [];
  private script: ScriptedResponse[];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private downPorts: number[] | undefined;

  constructor(
    readonly name: string,
    script: ScriptedResponse[],
  ) {
    this.script = script;
  }

  /** Listens on `instanceCount` ports; `down` only reserves ports where nothing listens (connect errors). */
  async start(instanceCount: number, down = false): Promise<void> {
    if (down) {
      this.downPorts = await freePorts(instanceCount);
      return;
    }
    for (let index = 0; index < instanceCount; index++) {
      const instance: FakeInstance = { server: createServer(), port: 0, served: 0 };
      instance.server.on('request', (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          this.received.push({
            instance: index,
            method: request.method ?? '',
            path: request.url ?? '',
            headers: request.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          const scripted = this.script[Math.min(instance.served, this.script.length - 1)] as ScriptedResponse;
          instance.served++;
          const answer = () => {
            const isText = typeof scripted.body === 'string';
            const body = scripted.body === undefined ? '' : isText ? (scripted.body as string) : JSON.stringify(scripted.body);
            response.writeHead(scripted.status, {
              'content-type': isText ? 'text/plain' : 'application/json',
              ...scripted.headers,
            });
            response.end(body);
          };
          if (scripted.delaySeconds === undefined || scripted.delaySeconds === 0) return answer();
          const timer = setTimeout(() => {
            this.pendingTimers.delete(timer);
            if (!response.destroyed) answer();
          }, scripted.delaySeconds * 1000);
          this.pendingTimers.add(timer);
        });
      });
      await new Promise<void>((resolve, reject) => {
        instance.server.once('error', reject);
        instance.server.listen(0, '127.0.0.1', () => resolve());
      });
      instance.port = (instance.server.address() as AddressInfo).port;
      this.instances.push(instance);
    }
  }

  get ports(): number[] {
    return this.downPorts ?? this.instances.map((instance) => instance.port);
  }

  /** Replaces the script; every instance starts again from its first response. */
  setScript(script: ScriptedResponse[]): void {
    this.script = script;
    for (const instance of this.instances) instance.served = 0;
  }

  receivedBy(instance: number): number {
    return this.received.filter((request) => request.instance === instance).length;
  }

  async stop(): Promise<void> {
    for (const timer of this.pendingTimers) clearTimeout(timer);
    await Promise.all(
      this.instances.map(
        (instance) =>
          new Promise<void>((resolve) => {
            instance.server.close(() => resolve());
            instance.server.closeAllConnections();
          }),
      ),
    );
  }
}
