package logs

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestTheFaultSwitchIsOffWithoutTestHooks(t *testing.T) {
	t.Setenv("SCL_TEST_HOOKS", "")
	faults, stop := armFaultSwitch()
	defer stop()
	if faults != nil {
		t.Fatal("the switch must be off unless SCL_TEST_HOOKS=1")
	}
}

func TestAnArmedFaultPanicsInTheExporterLoop(t *testing.T) {
	l, _ := newTestLogs(t, &collector{}, nil)
	faults := make(chan os.Signal, 1)
	faults <- os.Interrupt
	l.exporter.faults = faults
	defer func() {
		recovered := recover()
		if recovered == nil || !strings.Contains(recovered.(string), FaultMarker) {
			t.Fatalf("expected the injected panic, got %v", recovered)
		}
	}()
	l.exporter.collect(context.Background(), make(chan struct{}), nil)
	t.Fatal("collect returned instead of panicking")
}
