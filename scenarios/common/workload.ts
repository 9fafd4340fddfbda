// The request the load scenarios send: read one customer, so every feature sees a real, routed request.
import type { StartedInstance } from '../../scripts/topology.js';

export const WORKLOAD_SERVICE = 'customers';
export const WORKLOAD_DESCRIPTION = 'GET /customers/{id} on the customers service (a SQLite read)';

/** Creates the customer the load reads; each instance has its own SQLite file, so each gets one. */
export async function prepareWorkload(started: StartedInstance): Promise<string> {
  const response = await fetch(`${started.instance.publicUrl}/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.test' }),
  });
  if (response.status !== 201)
    throw new Error(`creating the bench customer on ${started.instance.instanceId} answered ${response.status}: ${await response.text()}`);
  const customer = (await response.json()) as { id: number };
  return `/customers/${customer.id}`;
}

/** Rotates the order each repetition (A B C, B C A, C A B) so no mode always goes first after a pause. */
export function interleaved<T>(items: readonly T[], repetition: number): T[] {
  const shift = items.length === 0 ? 0 : repetition % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
