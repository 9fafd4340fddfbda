// The feature fault switch of spec/faults.md: with SCL_TEST_HOOKS=1, SIGUSR2 makes the log shipper throw an error nothing catches.

export const FAULT_SIGNAL = 'SIGUSR2';
/** The line on stderr that tells the harness the fault fired in this process. */
export const FAULT_MARKER = 'SCL_FAULT_INJECTED';
export const FAULT_SITE = 'logs.shipper';

export class InjectedFault extends Error {
  constructor(site: string) {
    super(`${FAULT_MARKER}: an exception thrown on purpose in ${site} (SIGUSR2 with SCL_TEST_HOOKS=1, spec/faults.md)`);
    this.name = 'InjectedFault';
  }
}

/** The marker line: written before the throw, by the thread that owns stderr, so it is not lost with the thrower. */
export function announceFault(): void {
  process.stderr.write(`${FAULT_MARKER} ${FAULT_SITE} pid=${process.pid}\n`);
}

/**
 * Throws from a callback of the shipper, as a bug in a timer or socket handler would: the error escapes to the
 * runtime, and what happens next is Node's own rule (an uncaught exception ends the process).
 */
export function throwFromShipper(): void {
  announceFault();
  setImmediate(() => {
    throw new InjectedFault(FAULT_SITE);
  });
}

/** Arms the switch when `enabled` (the process has SCL_TEST_HOOKS=1); returns what disarms it. */
export function installFaultSwitch(enabled: boolean): () => void {
  if (!enabled) return () => undefined;
  process.on(FAULT_SIGNAL, throwFromShipper);
  return () => {
    process.off(FAULT_SIGNAL, throwFromShipper);
  };
}
