// Package platform is the mode seam: what each mode (none, library, sidecar) puts beside the
// business logic. Handlers see only this interface, never the mode.
package platform

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/startenv"
)

// Platform is one mode's cross-cutting work.
type Platform interface {
	// Logger writes the app's log records (discarded in mode none).
	Logger() *slog.Logger
	// Client calls peers as http://<service>/<path>. A call that cannot be made is an error.
	Client() *http.Client
	// Config is the config in use.
	Config() *appconfig.Current
	// Count adds to a business counter; bad input is an *httpapi.Error naming the field.
	Count(ctx context.Context, name string, value float64, labels map[string]string) error
	// Routes adds the mode's own routes (library: /metrics).
	Routes(mux *http.ServeMux)
	// Wrap lets the mode observe every request (metrics, access records).
	Wrap(next http.Handler) http.Handler
	// Start runs once the server listens; Stop once it has drained.
	Start(ctx context.Context) error
	// Withdraw runs on SIGTERM before the server stops accepting: library mode deregisters and
	// gives peers' registry watches a moment to see it. Modes none and sidecar do nothing (the
	// sidecar deregisters on its own SIGTERM).
	Withdraw(ctx context.Context) error
	Stop(ctx context.Context) error
}

// New builds the platform of env.Mode.
func New(env startenv.Env) (Platform, error) {
	defaults, err := appconfig.Defaults(env.Service)
	if err != nil {
		return nil, err
	}
	switch env.Mode {
	case "library":
		return newLibrary(env, defaults)
	case "sidecar":
		return newSidecar(env, defaults)
	default:
		return newNone(env, defaults), nil
	}
}

// peerTimeout is a safety net for the plain clients, not a feature: the ambassador's own tries
// end well before it.
const peerTimeout = 30 * time.Second

// plainClient calls peers with keep-alive connections enough for a loaded service, sending
// http://<service>/<path> to base(service)/<path>.
func plainClient(base func(service string) (string, bool)) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	transport.IdleConnTimeout = 30 * time.Second
	return &http.Client{
		Transport:     httpapi.PropagateRequestID{Base: rewrite{base: base, transport: transport}},
		Timeout:       peerTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// UnknownPeerError is a call to a service the mode has no address for.
type UnknownPeerError struct{ Service string }

func (e *UnknownPeerError) Error() string {
	return "no address for service " + e.Service + "; add it to SCL_PEERS"
}

type rewrite struct {
	base      func(service string) (string, bool)
	transport http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	base, ok := r.base(req.URL.Hostname())
	if !ok {
		return nil, &UnknownPeerError{req.URL.Hostname()}
	}
	target, err := req.URL.Parse(base + req.URL.EscapedPath())
	if err != nil {
		return nil, err
	}
	target.RawQuery = req.URL.RawQuery
	out := req.Clone(req.Context())
	out.URL, out.Host = target, ""
	return r.transport.RoundTrip(out)
}

// peersOf looks services up in SCL_PEERS.
func peersOf(peers map[string]string) func(string) (string, bool) {
	return func(service string) (string, bool) {
		base, ok := peers[service]
		return base, ok
	}
}
