// Mode none: no features at all; peers from SCL_PEERS with a plain client.
package platform

import (
	"context"
	"log/slog"
	"net/http"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/startenv"
)

type none struct {
	client *http.Client
	config *appconfig.Current
}

func newNone(env startenv.Env, defaults appconfig.Document) *none {
	return &none{config: appconfig.NewCurrent(defaults), client: plainClient(peersOf(env.Peers))}
}

var discard = slog.New(slog.DiscardHandler)

func (n *none) Logger() *slog.Logger       { return discard }
func (n *none) Client() *http.Client       { return n.client }
func (n *none) Config() *appconfig.Current { return n.config }

// Count checks the input, as every mode does, and drops it: mode none has no metrics.
func (n *none) Count(_ context.Context, name string, value float64, labels map[string]string) error {
	return CheckCounter(name, value, labels)
}

func (n *none) Routes(*http.ServeMux)               {}
func (n *none) Wrap(next http.Handler) http.Handler { return next }
func (n *none) Start(context.Context) error         { return nil }
func (n *none) Withdraw(context.Context) error      { return nil }

func (n *none) Stop(context.Context) error {
	n.client.CloseIdleConnections()
	return nil
}
