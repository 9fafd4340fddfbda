// Command scl-service runs web, customers or payment (SCL_SERVICE) in mode none, library or
// sidecar (SCL_MODE), under spec/start-contract.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"sidecar-lab.dev/services/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := app.Run(ctx, os.LookupEnv, os.Stderr)
	stop()
	os.Exit(code)
}
