// Picks the mode's adapter; each is loaded only when used, so mode none carries no feature code.
import type { StartContract } from '../start-contract.js';
import type { Platform } from './platform.js';

export async function createPlatform(contract: StartContract): Promise<Platform> {
  switch (contract.mode) {
    case 'none':
      return (await import('./none.js')).createNonePlatform(contract);
    case 'library':
      return (await import('./library.js')).createLibraryPlatform(contract);
    case 'sidecar':
      return (await import('./sidecar.js')).createSidecarPlatform(contract);
  }
}
