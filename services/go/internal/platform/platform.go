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
	// Client calls peers as http://<service>/<path>.
	Client() *http.Client
	// Config is the config in use.
	Config() *appconfig.Current
	// Count adds to a business counter.
	Count(ctx context.Context, name string, value float64, labels map[string]string) error
	// Routes adds the mode's own routes (library: /metrics).
	Routes(mux *http.ServeMux)
	// Wrap lets the mode observe every request (library: metrics and access log).
	Wrap(next http.Handler) http.Handler
	// Start runs once the server listens; Stop once it has drained.
	Start(ctx context.Context) error
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

// peerTransport is the plain transport of modes none and sidecar, with keep-alive
// connections enough for a loaded service.
func peerTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 30 * time.Second
	return t
}

// rewrite sends http://<service>/<path> to base(service)/<path>.
type rewrite struct {
	base      func(service string) (string, error)
	transport http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	base, err := r.base(req.URL.Hostname())
	if err != nil {
		return nil, err
	}
	out := req.Clone(req.Context())
	target, err := out.URL.Parse(base + req.URL.EscapedPath())
	if err != nil {
		return nil, err
	}
	target.RawQuery = req.URL.RawQuery
	out.URL, out.Host = target, ""
	return r.transport.RoundTrip(out)
}

func withRequestID(t http.RoundTripper) *http.Client {
	return &http.Client{Transport: httpapi.PropagateRequestID{Base: t}}
}
