// The contract cases of spec/services.openapi.yaml, run in order: later cases use what earlier ones created.

export type ServiceName = 'web' | 'customers' | 'payment';

/** What cases share: ids created along the way. */
export interface ContractState {
  customerId?: number;
  customer?: Record<string, unknown>;
  payment?: Record<string, unknown>;
  checkoutPaymentId?: number;
}

export interface ContractAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

export interface ContractCase {
  name: string;
  service: ServiceName;
  /** The operation of the OpenAPI document whose response schema the answer must match. */
  operation: { method: string; path: string };
  request: (state: ContractState) => { path: string; headers?: Record<string, string>; json?: unknown; raw?: string };
  status: number;
  /** The status is a convention of the document's description (413), not listed under the operation. */
  undocumentedStatus?: boolean;
  /** The error code (and field) of an error answer. */
  /** `field: null`: the error must name no field (it is not a validation error). */
  error?: { code: string; field?: string | null };
  /** Further checks; returns a problem, or undefined. May record state for later cases. */
  check?: (answer: ContractAnswer, state: ContractState) => string | undefined;
}

const NEW_CUSTOMER = { name: 'Grace Hopper', email: 'grace@example.com' };
const CHARGE = { customerId: 1, amountCents: 1250, currency: 'EUR' };
const MISSING_ID = 999_999_999;

function same(label: string, actual: unknown, expected: unknown): string | undefined {
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? undefined
    : `${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

const body = (answer: ContractAnswer) => answer.body as Record<string, unknown>;

export const CONTRACT_CASES: readonly ContractCase[] = [
  ...(['web', 'customers', 'payment'] as const).map(
    (service): ContractCase => ({
      name: `${service}: GET /health answers ok with a configVersion`,
      service,
      operation: { method: 'GET', path: '/health' },
      request: () => ({ path: '/health' }),
      status: 200,
    }),
  ),

  // customers
  {
    name: 'customers: POST /customers creates a customer',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', json: NEW_CUSTOMER }),
    status: 201,
    check: (answer, state) => {
      state.customerId = body(answer).id as number;
      state.customer = body(answer);
      return same('name', body(answer).name, NEW_CUSTOMER.name) ?? same('email', body(answer).email, NEW_CUSTOMER.email);
    },
  },
  {
    name: 'customers: a missing email is validation_failed naming email',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', json: { name: 'No Mail' } }),
    status: 400,
    error: { code: 'validation_failed', field: 'email' },
  },
  {
    name: 'customers: a blank name is validation_failed naming name',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', json: { name: '   ', email: 'blank@example.com' } }),
    status: 400,
    error: { code: 'validation_failed', field: 'name' },
  },
  {
    name: 'customers: a malformed email is validation_failed naming email',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', json: { name: 'Bad Mail', email: 'not-an-email' } }),
    status: 400,
    error: { code: 'validation_failed', field: 'email' },
  },
  {
    name: 'customers: a body that is not JSON is invalid_json',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', raw: '{"name": "broken' }),
    status: 400,
    error: { code: 'invalid_json' },
  },
  {
    name: 'customers: a body over 64 KiB is refused with 413',
    service: 'customers',
    operation: { method: 'POST', path: '/customers' },
    request: () => ({ path: '/customers', json: { name: 'x'.repeat(70_000), email: 'big@example.com' } }),
    status: 413,
    undocumentedStatus: true,
  },
  {
    name: 'customers: GET /customers/{id} returns the created customer',
    service: 'customers',
    operation: { method: 'GET', path: '/customers/{id}' },
    request: (state) => ({ path: `/customers/${state.customerId}` }),
    status: 200,
    check: (answer, state) => same('customer', answer.body, state.customer),
  },
  {
    name: 'customers: x-request-id is echoed on the response',
    service: 'customers',
    operation: { method: 'GET', path: '/customers/{id}' },
    request: (state) => ({ path: `/customers/${state.customerId}`, headers: { 'x-request-id': 'contract-rid-1' } }),
    status: 200,
    check: (answer) => same('x-request-id header', answer.headers['x-request-id'], 'contract-rid-1'),
  },
  {
    name: 'customers: an unknown id is not_found',
    service: 'customers',
    operation: { method: 'GET', path: '/customers/{id}' },
    request: () => ({ path: `/customers/${MISSING_ID}` }),
    status: 404,
    error: { code: 'not_found' },
  },
  {
    name: 'customers: a non-numeric id is validation_failed naming id',
    service: 'customers',
    operation: { method: 'GET', path: '/customers/{id}' },
    request: () => ({ path: '/customers/abc' }),
    status: 400,
    error: { code: 'validation_failed', field: 'id' },
  },
  {
    name: 'customers: GET /customers returns a page of at most limit items',
    service: 'customers',
    operation: { method: 'GET', path: '/customers' },
    request: () => ({ path: '/customers?limit=1' }),
    status: 200,
    check: (answer) => ((body(answer).items as unknown[]).length <= 1 ? undefined : 'more items than limit'),
  },
  {
    name: 'customers: limit 0 is validation_failed naming limit',
    service: 'customers',
    operation: { method: 'GET', path: '/customers' },
    request: () => ({ path: '/customers?limit=0' }),
    status: 400,
    error: { code: 'validation_failed', field: 'limit' },
  },
  {
    name: 'customers: a limit above pageSizeMax is validation_failed naming limit',
    service: 'customers',
    operation: { method: 'GET', path: '/customers' },
    request: () => ({ path: '/customers?limit=101' }),
    status: 400,
    error: { code: 'validation_failed', field: 'limit' },
  },
  {
    name: 'customers: a negative after is validation_failed naming after',
    service: 'customers',
    operation: { method: 'GET', path: '/customers' },
    request: () => ({ path: '/customers?after=-1' }),
    status: 400,
    error: { code: 'validation_failed', field: 'after' },
  },

  // payment
  {
    name: 'payment: POST /payments with an Idempotency-Key captures a payment',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', headers: { 'idempotency-key': 'contract-key-1' }, json: CHARGE }),
    status: 201,
    check: (answer, state) => {
      state.payment = body(answer);
      return same('status', body(answer).status, 'captured') ?? same('amountCents', body(answer).amountCents, CHARGE.amountCents);
    },
  },
  {
    name: 'payment: the same key and body replays the stored answer',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', headers: { 'idempotency-key': 'contract-key-1' }, json: CHARGE }),
    status: 201,
    check: (answer, state) =>
      same('Idempotent-Replayed header', answer.headers['idempotent-replayed'], 'true') ??
      same('replayed body', answer.body, state.payment),
  },
  {
    name: 'payment: the same key with another body is idempotency_key_reused',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', headers: { 'idempotency-key': 'contract-key-1' }, json: { ...CHARGE, amountCents: 99 } }),
    status: 422,
    error: { code: 'idempotency_key_reused', field: null },
  },
  {
    name: 'payment: a request without a key charges again',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', json: CHARGE }),
    status: 201,
    check: (answer, state) =>
      body(answer).id !== state.payment?.id && answer.headers['idempotent-replayed'] === undefined
        ? undefined
        : 'expected a new payment, not a replay',
  },
  {
    name: 'payment: an amount above maxAmountCents is validation_failed naming amountCents',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', json: { ...CHARGE, amountCents: 1_000_001 } }),
    status: 400,
    error: { code: 'validation_failed', field: 'amountCents' },
  },
  {
    name: 'payment: an unknown currency is validation_failed naming currency',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', json: { ...CHARGE, currency: 'XYZ' } }),
    status: 400,
    error: { code: 'validation_failed', field: 'currency' },
  },
  {
    name: 'payment: a fractional amount is validation_failed naming amountCents',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', json: { ...CHARGE, amountCents: 10.5 } }),
    status: 400,
    error: { code: 'validation_failed', field: 'amountCents' },
  },
  {
    name: 'payment: an amount written 10.0 is the integer 10',
    service: 'payment',
    operation: { method: 'POST', path: '/payments' },
    request: () => ({ path: '/payments', raw: '{"customerId": 1, "amountCents": 10.0, "currency": "USD"}' }),
    status: 201,
    check: (answer) => same('amountCents', body(answer).amountCents, 10),
  },
  {
    name: 'payment: GET /payments/{id} returns the payment',
    service: 'payment',
    operation: { method: 'GET', path: '/payments/{id}' },
    request: (state) => ({ path: `/payments/${String(state.payment?.id)}` }),
    status: 200,
    check: (answer, state) => same('payment', answer.body, state.payment),
  },
  {
    name: 'payment: an unknown payment id is not_found',
    service: 'payment',
    operation: { method: 'GET', path: '/payments/{id}' },
    request: () => ({ path: `/payments/${MISSING_ID}` }),
    status: 404,
    error: { code: 'not_found' },
  },

  // web
  {
    name: 'web: GET / serves the home page as HTML',
    service: 'web',
    operation: { method: 'GET', path: '/' },
    request: () => ({ path: '/' }),
    status: 200,
  },
  {
    name: 'web: GET /checkout serves the checkout form as HTML',
    service: 'web',
    operation: { method: 'GET', path: '/checkout' },
    request: () => ({ path: '/checkout' }),
    status: 200,
  },
  {
    name: 'web: POST /checkout charges an existing customer',
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: (state) => ({
      path: '/checkout',
      json: { customerId: state.customerId, amountCents: 4200, currency: 'GBP', idempotencyKey: 'contract-checkout-1' },
    }),
    status: 201,
    check: (answer, state) => {
      const payment = body(answer).payment as Record<string, unknown>;
      state.checkoutPaymentId = payment.id as number;
      return same('customer', body(answer).customer, state.customer) ?? same('amountCents', payment.amountCents, 4200);
    },
  },
  {
    name: 'web: a resubmitted checkout with the same idempotencyKey charges once',
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: (state) => ({
      path: '/checkout',
      json: { customerId: state.customerId, amountCents: 4200, currency: 'GBP', idempotencyKey: 'contract-checkout-1' },
    }),
    status: 201,
    check: (answer, state) => same('payment id', (body(answer).payment as Record<string, unknown>).id, state.checkoutPaymentId),
  },
  {
    name: 'web: an unknown customer is not_found naming customerId',
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: () => ({ path: '/checkout', json: { customerId: MISSING_ID, amountCents: 100, currency: 'EUR' } }),
    status: 404,
    error: { code: 'not_found', field: 'customerId' },
  },
  {
    name: 'web: a checkout without currency is validation_failed naming currency',
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: (state) => ({ path: '/checkout', json: { customerId: state.customerId, amountCents: 100 } }),
    status: 400,
    error: { code: 'validation_failed', field: 'currency' },
  },
  {
    name: "web: payment's 400 for a too large amount is passed through",
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: (state) => ({ path: '/checkout', json: { customerId: state.customerId, amountCents: 1_000_001, currency: 'EUR' } }),
    status: 400,
    error: { code: 'validation_failed', field: 'amountCents' },
  },
  {
    name: 'web: a checkout body that is not JSON is invalid_json',
    service: 'web',
    operation: { method: 'POST', path: '/checkout' },
    request: () => ({ path: '/checkout', raw: 'customerId=1' }),
    status: 400,
    error: { code: 'invalid_json' },
  },
];
