// Mode none: no features at all; peers from SCL_PEERS with a plain client.
package platform

import (
	"context"
	"fmt"
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
	peers := env.Peers
	return &none{
		config: appconfig.NewCurrent(defaults),
		client: withRequestID(rewrite{
			base: func(service string) (string, error) {
				if url, ok := peers[service]; ok {
					return url, nil
				}
				return "", fmt.Errorf("SCL_PEERS has no %q", service)
			},
			transport: peerTransport(),
		}),
	}
}

var discard = slog.New(slog.DiscardHandler)

func (n *none) Logger() *slog.Logger                                            { return discard }
func (n *none) Client() *http.Client                                            { return n.client }
func (n *none) Config() *appconfig.Current                                      { return n.config }
func (n *none) Count(context.Context, string, float64, map[string]string) error { return nil }
func (n *none) Routes(*http.ServeMux)                                           {}
func (n *none) Wrap(next http.Handler) http.Handler                             { return next }
func (n *none) Start(context.Context) error                                     { return nil }
func (n *none) Stop(context.Context) error                                      { return nil }
