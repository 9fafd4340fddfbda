// The rollout load as its own process: checkouts at a fixed rate, round robin over the web instances the registry
// lists now (the engine's registry-following schedule), each request tagged so its log records can be found.
import { runLoadProgram } from '../../scripts/load/load-program.js';
import { generateFollowingRegistry } from '../../scripts/load/registry-schedule.js';
import { LOAD_PARENT_SPAN_ID, loadRequestId, loadTraceId, type RolloutLoadOptions } from './load-types.js';

const CHECKOUT_BODY = JSON.stringify({ customerId: 1, amountCents: 1250, currency: 'EUR' });

await runLoadProgram('load-main.js', (options: RolloutLoadOptions, onStart, stop) =>
  generateFollowingRegistry(
    { ...options, request: { method: 'POST', path: '/checkout', headers: { 'content-type': 'application/json' }, body: CHECKOUT_BODY } },
    onStart,
    stop,
    (index) => ({ 'x-request-id': loadRequestId(index), traceparent: `00-${loadTraceId(index)}-${LOAD_PARENT_SPAN_ID}-01` }),
  ),
);
