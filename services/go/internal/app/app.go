// Package app runs one service under the start contract: environment, /health, the mode's
// platform, graceful shutdown on SIGTERM (spec/start-contract.md).
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/services/internal/customers"
	"sidecar-lab.dev/services/internal/hooks"
	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/payment"
	"sidecar-lab.dev/services/internal/platform"
	"sidecar-lab.dev/services/internal/startenv"
	"sidecar-lab.dev/services/internal/web"
)

// drainLimit bounds both the in-flight requests and the features' stop at SIGTERM.
const drainLimit = 10 * time.Second

// withdrawLimit bounds the deregistration (and the wait for peers to see it) before the drain.
const withdrawLimit = 3 * time.Second

// Exit codes: 2 for a bad start contract or setting (SCL_ERR_BAD_SETTING), 1 for a failure.
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadContract = 2
)

// Run serves until ctx ends (SIGTERM), then drains and stops; it returns the exit code.
func Run(ctx context.Context, lookup func(string) (string, bool), stderr io.Writer) int {
	diag := slog.New(slog.NewTextHandler(stderr, nil)) // the process's own diagnostics, not app records
	env, err := startenv.Read(lookup)
	if err != nil {
		fmt.Fprintln(stderr, err) // SCL_ERR_BAD_FLAG: naming the variable
		return exitBadContract
	}
	if err := os.MkdirAll(env.DataDir, 0o755); err != nil {
		diag.Error("cannot create SCL_DATA_DIR", "err", err)
		return exitFailure
	}
	p, err := platform.New(env)
	if err != nil {
		var bad *settings.Error
		if errors.As(err, &bad) {
			fmt.Fprintln(stderr, err)
			return exitBadContract
		}
		diag.Error("cannot build the platform", "mode", env.Mode, "err", err)
		return exitFailure
	}
	mux := http.NewServeMux()
	closeService, err := addService(ctx, env, p, mux)
	if err != nil {
		diag.Error("cannot open the service", "service", env.Service, "err", err)
		return exitFailure
	}
	defer closeService()
	var ready atomic.Bool
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			httpapi.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
			return
		}
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "configVersion": p.Config().Version()})
	})
	p.Routes(mux)
	if env.TestHooks {
		hooks.Routes(mux, p)
	}
	mux.HandleFunc("/", httpapi.NotFoundRoute(mux)) // route "other" for metrics and access records
	listener, err := net.Listen("tcp", env.ListenAddress())
	if err != nil {
		diag.Error("cannot listen", "address", env.ListenAddress(), "err", err)
		return exitFailure
	}
	server := &http.Server{Handler: httpapi.RequestID(p.Wrap(mux)), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	if err := p.Start(ctx); err != nil {
		diag.Error("cannot start the features", "err", err)
		_ = server.Close()
		return exitFailure
	}
	ready.Store(true)
	select {
	case <-ctx.Done():
	case err := <-served:
		diag.Error("the server stopped", "err", err)
		return exitFailure
	}
	return shutdown(server, p, diag)
}

// shutdown withdraws from the registry (library mode), stops accepting, finishes in-flight
// requests, then stops the features (flush logs), each within its limit.
func shutdown(server *http.Server, p platform.Platform, diag *slog.Logger) int {
	// Out of the registry first (library mode), so that peers stop sending before the port closes.
	withdrawCtx, cancelWithdraw := context.WithTimeout(context.Background(), withdrawLimit)
	defer cancelWithdraw()
	if err := p.Withdraw(withdrawCtx); err != nil {
		diag.Warn("deregistering failed; the registry's TTL will expire the instance", "err", err)
	}
	drainCtx, cancel := context.WithTimeout(context.Background(), drainLimit)
	defer cancel()
	if err := server.Shutdown(drainCtx); err != nil {
		diag.Warn("in-flight requests did not finish in time", "err", err)
	}
	stopCtx, cancelStop := context.WithTimeout(context.Background(), drainLimit)
	defer cancelStop()
	if err := p.Stop(stopCtx); err != nil {
		diag.Warn("a feature did not stop cleanly", "err", err)
	}
	return exitOK
}

// addService adds the routes of env.Service and returns what to close at exit.
func addService(ctx context.Context, env startenv.Env, p platform.Platform, mux *http.ServeMux) (func(), error) {
	switch env.Service {
	case "customers":
		s, err := customers.Open(ctx, env.DataDir, p)
		if err != nil {
			return nil, err
		}
		s.Routes(mux)
		return func() { _ = s.Close() }, nil
	case "payment":
		s, err := payment.Open(ctx, env.DataDir, p)
		if err != nil {
			return nil, err
		}
		s.Routes(mux)
		return func() { _ = s.Close() }, nil
	default:
		web.New(p).Routes(mux)
		return func() {}, nil
	}
}
