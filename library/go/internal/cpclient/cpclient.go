// Package cpclient is the HTTP client the features use to talk to the control plane.
package cpclient

import (
	"net/http"
	"time"
)

// New returns a client that does not follow redirects: a 3xx from the control plane is an
// answer to judge (the collector treats it as a rejection), not a place to go. Each call sets
// its own deadline through its context.
func New() *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 16
	transport.IdleConnTimeout = 30 * time.Second
	return &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
