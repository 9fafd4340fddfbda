// Mode none: the baseline with no features at all; peers are called at SCL_PEERS with a plain client.
import { builtInConfig } from '../config-defaults.js';
import type { StartContract } from '../start-contract.js';
import { plainPeers } from './peer-client.js';
import type { Platform } from './platform.js';

export function createNonePlatform(contract: StartContract): Platform {
  const applied = builtInConfig(contract.service);
  const peers = plainPeers(contract.peers);
  return {
    mode: 'none',
    log() {},
    count() {},
    config: () => applied,
    onConfig() {},
    callPeer: (service, request) => peers.call(service, request),
    instrument() {},
    start: async () => {},
    withdraw: async () => {},
    stop: () => peers.close(),
  };
}
