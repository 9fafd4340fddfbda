// Mode library: the Go library's five features, in-process.
package platform

import (
	"context"
	"errors"
	"net/http"
	"os"
	"time"

	"sidecar-lab.dev/library"
	"sidecar-lab.dev/library/config"
	"sidecar-lab.dev/library/metrics"
	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/startenv"
)

type withLibrary struct {
	*library.Library
	client *http.Client
	config *appconfig.Current
}

func newLibrary(env startenv.Env, defaults appconfig.Document) (*withLibrary, error) {
	s, err := settings.Load(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	lib, err := library.New(library.Options{
		Service:         env.Service,
		InstanceID:      env.InstanceID,
		Mode:            env.Mode,
		ControlPlaneURL: env.ControlPlaneURL,
		AdvertiseHost:   env.Host,
		AdvertisePort:   env.PublicPort,
		Features:        env.Features,
		Settings:        s,
		ConfigDefaults:  config.Document(defaults),
	})
	if err != nil {
		return nil, err
	}
	current := appconfig.NewCurrent(defaults)
	lib.OnConfig(func(a config.Applied) {
		current.Set(appconfig.Applied{Version: a.Version, Document: appconfig.Document(a.Document)})
	})
	client := *lib.Client() // the library's redirect rule, with the request id added to every call
	client.Transport = httpapi.PropagateRequestID{Base: client.Transport}
	return &withLibrary{Library: lib, client: &client, config: current}, nil
}

func (l *withLibrary) Client() *http.Client       { return l.client }
func (l *withLibrary) Config() *appconfig.Current { return l.config }

// Count reports a rejected count as 400 validation_failed on the field the library named.
func (l *withLibrary) Count(_ context.Context, name string, value float64, labels map[string]string) error {
	err := l.Library.Count(name, value, labels)
	var rejected *metrics.BusinessError
	if errors.As(err, &rejected) {
		return httpapi.Invalid(rejected.Field, rejected.Message)
	}
	return err
}

func (l *withLibrary) Routes(mux *http.ServeMux) {
	if h := l.MetricsHandler(); h != nil {
		mux.Handle("GET /metrics", h)
	}
}

func (l *withLibrary) Wrap(next http.Handler) http.Handler { return l.Middleware(next) }

// deregistrationPropagation is how long peers get to see the deregistration before the server
// stops accepting (spec/start-contract.md).
const deregistrationPropagation = 250 * time.Millisecond

func (l *withLibrary) Withdraw(ctx context.Context) error {
	err := l.Deregister(ctx)
	select {
	case <-time.After(deregistrationPropagation):
	case <-ctx.Done():
	}
	return err
}
