// What the sidecar uses of undici, without the rest of its index (fetch, WebSocket, EventSource, mocks, caches):
// the bundle maps `undici` here, which saves ~6 MB of private memory in each of the sidecar's two threads.
'use strict';
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const Agent = require('undici/lib/dispatcher/agent');
const Pool = require('undici/lib/dispatcher/pool');
const api = require('undici/lib/api');
const util = require('undici/lib/core/util');
const { InvalidArgumentError } = require('undici/lib/core/errors');
const { getGlobalDispatcher } = require('undici/lib/global');

// As undici's index does: request(), stream() ... become methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

/** undici's `request(url, options)` as its index builds it (makeDispatcher), for what the sidecar passes: a whole URL. */
function request(url, options = {}) {
  if (options.agent) throw new InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
  if (options.path != null) throw new InvalidArgumentError("the sidecar's bundle takes the path in the URL, not in opts.path");
  const parsed = util.parseURL(url);
  const { dispatcher = getGlobalDispatcher() } = options;
  return api.request.call(dispatcher, {
    ...options,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: options.method || (options.body ? 'PUT' : 'GET'),
  });
}

module.exports = { Agent, Dispatcher, Pool, request };
