// The checkout topology of the resilience scenario: web, customers and a payment service behind a fault proxy.
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { FaultProxy } from '../../scripts/faults/fault-proxy.js';
import { startCellInstance, type StartedInstance } from '../../scripts/topology.js';
import type { Cell } from '../../scripts/engine/scenario.js';

export interface CheckoutTopology {
  web: StartedInstance;
  customers: StartedInstance;
  payment: StartedInstance;
  proxy: FaultProxy;
  proxyUrl: string;
  customerId: number;
  stop(): Promise<void>;
}

const PROXY_TTL_SECONDS = 5;
const PROXY_HEARTBEAT_SECONDS = 1;

/**
 * payment runs without its registry feature: the proxy registers in its place, so every call web makes to payment,
 * through the library, the ambassador or SCL_PEERS, goes through the proxy, and the real payment still stores (and
 * de-duplicates by Idempotency-Key) every charge.
 */
export async function startCheckoutTopology(
  cell: Cell,
  runDir: string,
  controlPlane: RunningControlPlane,
  name: string,
): Promise<CheckoutTopology> {
  const client = new ControlPlaneClient(controlPlane.url);
  const started: StartedInstance[] = [];
  let proxy: FaultProxy | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const proxyId = `${name}-payment-proxy`;
  const stop = async () => {
    clearInterval(heartbeat);
    if (cell.mode !== 'none') await client.deregister(proxyId).catch(() => false);
    await Promise.all(started.map((one) => one.instance.stop('SIGKILL')));
    await proxy?.stop();
  };
  try {
    // Each instance is kept for cleanup as soon as it is up, even if the other fails to start.
    const tracked = (one: StartedInstance): StartedInstance => {
      started.push(one);
      return one;
    };
    const [customers, payment] = await Promise.all([
      startCellInstance({ cell, service: 'customers', instanceId: `${name}-customers`, runDir, controlPlane }).then(tracked),
      startCellInstance({
        cell,
        service: 'payment',
        instanceId: `${name}-payment`,
        runDir,
        controlPlane,
        features: ['config', 'metrics', 'logs', 'egress'],
      }).then(tracked),
    ]);
    proxy = new FaultProxy(payment.instance.publicUrl);
    const proxyPort = await proxy.start();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    if (cell.mode !== 'none') {
      const registration = { service: 'payment', id: proxyId, address: '127.0.0.1', port: proxyPort, ttlSeconds: PROXY_TTL_SECONDS };
      await client.register(registration);
      const renew = async () => {
        // A heartbeat answered 404 means the control plane forgot the proxy: register again, as the library does.
        if (!(await client.heartbeat(proxyId))) await client.register(registration);
      };
      heartbeat = setInterval(() => void renew().catch(() => undefined), PROXY_HEARTBEAT_SECONDS * 1000);
      heartbeat.unref();
    }
    const web = await startCellInstance({
      cell,
      service: 'web',
      instanceId: `${name}-web`,
      runDir,
      controlPlane,
      extraEnv: { SCL_PEERS: `customers=${customers.instance.publicUrl},payment=${proxyUrl}` },
    });
    started.push(web);
    const customerId = await createCustomer(customers.instance.publicUrl);
    return { web, customers, payment, proxy, proxyUrl, customerId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createCustomer(customersUrl: string): Promise<number> {
  const response = await fetch(`${customersUrl}/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Checkout Customer', email: 'checkout@example.test' }),
  });
  if (response.status !== 201) throw new Error(`creating the checkout customer answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

/** A checkout without idempotencyKey: web makes a new key per checkout and egress retries the charge with it. */
export function checkoutBody(customerId: number): string {
  return JSON.stringify({ customerId, amountCents: 1250, currency: 'EUR' });
}
