// The feature fault switch of spec/faults.md: with SCL_TEST_HOOKS=1, SIGUSR2 makes the exporter thread throw an
// exception that nothing catches. The JVM then ends that thread only: the app goes on serving, its records stay
// queued until the queue drops and counts them.
package dev.sidecarlab.library.logs;

import sun.misc.Signal;
import sun.misc.SignalHandler;

final class FaultSwitch {
    /** Starts the stderr line that tells the harness the fault fired in this process. */
    static final String MARKER = "SCL_FAULT_INJECTED";

    private static final String SITE = "logs.shipper";

    /** The bug the switch stands for, raised in the exporter thread. */
    static final class InjectedFault extends RuntimeException {
        InjectedFault() {
            super(MARKER + ": an exception thrown on purpose in " + SITE
                    + " (SIGUSR2 with SCL_TEST_HOOKS=1, spec/faults.md)");
        }
    }

    private volatile boolean fired;
    private SignalHandler previous;

    /** Takes SIGUSR2 when test hooks are on; otherwise installs nothing and SIGUSR2 keeps its default action. */
    void arm() {
        if (!"1".equals(System.getenv("SCL_TEST_HOOKS"))) return;
        previous = Signal.handle(new Signal("USR2"), signal -> fired = true);
    }

    void disarm() {
        if (previous != null) Signal.handle(new Signal("USR2"), previous);
        previous = null;
    }

    /** Called by the exporter thread between its steps: after SIGUSR2 it writes the marker and throws. */
    void check() {
        if (!fired) return;
        System.err.println(
                MARKER + " " + SITE + " pid=" + ProcessHandle.current().pid());
        System.err.flush();
        throw new InjectedFault();
    }
}
