// The polyglot topology: web checking out through customers and payment, each service in another language, in one mode.
import { join } from 'node:path';
import {
  controlPlaneProcess,
  instanceProcesses,
  startCellInstance,
  startRunControlPlane,
  type StartedInstance,
} from '../../scripts/topology.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { delay } from '../../scripts/orchestration/ready.js';
import type { TrackedProcess } from '../../scripts/sampling/sampler.js';
import type { Lang, Mode } from '../../scripts/results/types.js';
import type { Cell } from '../../scripts/engine/scenario.js';
import type { LoadRequest } from '../common/measure.js';
import { prepareWorkload } from '../common/workload.js';

/** Which language serves which service in one checkout. */
export interface PolyglotLangs {
  web: Lang;
  customers: Lang;
  payment: Lang;
}

export type PolyglotService = keyof PolyglotLangs;

/** The first checkout: each service in a different language, as the seed's argument has it. */
export const POLYGLOT_LANGS = { web: 'ts', customers: 'python', payment: 'go' } as const satisfies PolyglotLangs;

/**
 * Every checkout measured, in order: the first is the seed's, the second the languages that joined later, each service
 * again in another language than in the first, so no pairing of caller and callee repeats.
 */
export const POLYGLOT_CHECKOUTS: readonly PolyglotLangs[] = [POLYGLOT_LANGS, { web: 'java', customers: 'rust', payment: 'ts' }];

/** `ts-python-go`: a checkout named by its languages in the order web, customers, payment. */
export function checkoutName(langs: PolyglotLangs): string {
  return `${langs.web}-${langs.customers}-${langs.payment}`;
}

/** `web (ts), customers (python), payment (go)`. */
export function describeCheckout(langs: PolyglotLangs): string {
  return `web (${langs.web}), customers (${langs.customers}), payment (${langs.payment})`;
}

export const CHECKOUT_DESCRIPTION =
  'POST /checkout on web with the same idempotencyKey every time: web reads the customer (GET customers /customers/{id}) and ' +
  'charges it (POST payment /payments with that Idempotency-Key), both through egress; payment answers every charge after ' +
  'the first as an idempotent replay, so the databases do not grow during load and every request does the same work';

/** The cells a mode of the topology needs: each must be runnable and conforming. */
export function polyglotCells(langs: PolyglotLangs, mode: Mode): Cell[] {
  return [...new Set(Object.values(langs))].map((lang) => ({ lang, mode }));
}

export interface PolyglotTopology {
  langs: PolyglotLangs;
  mode: Mode;
  /** Each mode has its own control plane: the registry must not offer one mode's customers to another mode's web. */
  controlPlane: RunningControlPlane | undefined;
  web: StartedInstance;
  customers: StartedInstance;
  payment: StartedInstance;
  /** From the first spawn until a checkout succeeds end to end. */
  readySeconds: number;
  checkout: LoadRequest;
}

const CHECKOUT_READY_TIMEOUT_SECONDS = 20;

/** Modes without a registry: web is given its peers' URLs (mode native: HAProxy routes them, as the ambassador would). */
const withoutRegistry = (mode: Mode) => mode === 'none' || mode === 'native';

/**
 * Starts the checkout's customers and payment, then its web (given its peers in modes none and native), and waits until
 * a checkout succeeds. Mode native puts HAProxy where the sidecar stands: in front of each service, and on web's way out.
 */
export async function startPolyglot(langs: PolyglotLangs, mode: Mode, runDir: string, label: string): Promise<PolyglotTopology> {
  const startedMillis = performance.now();
  const folder = join(runDir, 'polyglot', `${label}-${mode}`);
  const controlPlane = withoutRegistry(mode) ? undefined : await startRunControlPlane(folder);
  const started: StartedInstance[] = [];
  const start = async (service: PolyglotService, peers?: Record<string, string>) => {
    const one = await startCellInstance({
      cell: { lang: langs[service], mode },
      service,
      instanceId: `${label}-${service}-${mode}`,
      runDir: folder,
      controlPlane,
      ...(peers ? { peers } : {}),
    });
    started.push(one);
    return one;
  };
  try {
    const [customers, payment] = await Promise.all([start('customers'), start('payment')]);
    const web = await start(
      'web',
      withoutRegistry(mode) ? { customers: customers.instance.publicUrl, payment: payment.instance.publicUrl } : undefined,
    );
    const customerPath = await prepareWorkload(customers);
    const checkout: LoadRequest = {
      method: 'POST',
      path: '/checkout',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customerId: Number(customerPath.split('/').at(-1)),
        amountCents: 1250,
        currency: 'EUR',
        idempotencyKey: `bench-${label}-${mode}`,
      }),
    };
    await waitForCheckout(web, checkout);
    return { langs, mode, controlPlane, web, customers, payment, readySeconds: (performance.now() - startedMillis) / 1000, checkout };
  } catch (error) {
    await Promise.all(started.map((one) => one.instance.stop('SIGKILL')));
    await controlPlane?.stop('SIGKILL');
    throw error;
  }
}

/** In library and sidecar mode web finds its peers in the registry, a moment after they registered. */
async function waitForCheckout(web: StartedInstance, checkout: LoadRequest): Promise<void> {
  const deadline = performance.now() + CHECKOUT_READY_TIMEOUT_SECONDS * 1000;
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${web.instance.publicUrl}${checkout.path}`, {
        method: checkout.method,
        headers: checkout.headers,
        body: checkout.body,
        signal: AbortSignal.timeout(2000),
      });
      const text = await response.text();
      if (response.status === 201) return;
      last = `${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(100);
  }
  throw new Error(
    `the polyglot checkout on ${web.instance.instanceId} did not succeed within ${CHECKOUT_READY_TIMEOUT_SECONDS} s (last: ${last})`,
  );
}

/** Apps, sidecars and the mode's control plane, for the /proc sampler. */
export function polyglotProcesses(topology: PolyglotTopology): TrackedProcess[] {
  return [
    ...[topology.web, topology.customers, topology.payment].flatMap((one) => instanceProcesses(one.instance)),
    ...(topology.controlPlane !== undefined ? [controlPlaneProcess(topology.controlPlane)] : []),
  ];
}

/** Killed at once: nothing is measured while it stops, and a graceful stop waits on web's pooled connections to its peers. */
export async function stopPolyglot(topology: PolyglotTopology): Promise<void> {
  await Promise.all([topology.web, topology.customers, topology.payment].map((one) => one.instance.stop('SIGKILL')));
  await topology.controlPlane?.stop('SIGKILL');
}
