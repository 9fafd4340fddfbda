// The feature fault switch of spec/faults.md: with SCL_TEST_HOOKS=1, SIGUSR2 makes the exporter
// goroutine panic, and nothing recovers it.
package logs

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// FaultMarker starts the stderr line that tells the harness the fault fired in this process.
const FaultMarker = "SCL_FAULT_INJECTED"

const faultSite = "logs.shipper"

// armFaultSwitch returns a channel that receives on SIGUSR2 when test hooks are on, and nil
// (a channel that never receives) otherwise; stop releases the signal.
func armFaultSwitch() (faults <-chan os.Signal, stop func()) {
	if os.Getenv("SCL_TEST_HOOKS") != "1" {
		return nil, func() {}
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR2)
	return ch, func() { signal.Stop(ch) }
}

// injectedPanic is the bug the switch stands for: a panic in the exporter goroutine, which Go
// turns into the end of the whole process.
func injectedPanic() {
	fmt.Fprintf(os.Stderr, "%s %s pid=%d\n", FaultMarker, faultSite, os.Getpid())
	panic(fmt.Sprintf("%s: a panic raised on purpose in %s (SIGUSR2 with SCL_TEST_HOOKS=1, spec/faults.md)", FaultMarker, faultSite))
}
