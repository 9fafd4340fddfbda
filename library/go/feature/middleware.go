// The middleware that turns every inbound request into one Exchange for the observers.
package feature

import (
	"net/http"
	"strings"
	"time"
)

// Observe wraps next so that each observer sees every completed request once. /metrics,
// /health and /_scl/* are not observed (spec/features.md). The route is the ServeMux pattern
// that matched, which is written as the OpenAPI path template.
func Observe(next http.Handler, observers ...Observer) http.Handler {
	if len(observers) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Observed(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		exchange := Exchange{
			Route:     RouteOf(r.Pattern),
			Method:    r.Method,
			Status:    recorder.status,
			Duration:  time.Since(started),
			RequestID: r.Header.Get("X-Request-Id"),
		}
		for _, o := range observers {
			o.Observe(exchange)
		}
	})
}

// Observed tells whether a path is counted and access-logged.
func Observed(path string) bool {
	return path != "/metrics" && path != "/health" && !strings.HasPrefix(path, "/_scl/")
}

// RouteOf turns a ServeMux pattern ("GET /customers/{id}", "GET /{$}") into the OpenAPI
// template ("/customers/{id}", "/"). No pattern, or the bare catch-all "/" an app registers as
// its not-found handler, means no route matched.
func RouteOf(pattern string) string {
	if pattern == "" || pattern == "/" {
		return "other"
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 {
		pattern = pattern[i:] // drop "METHOD " and a host
	}
	return strings.TrimSuffix(pattern, "{$}")
}

// statusRecorder remembers the status code; Unwrap keeps http.ResponseController working.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.status, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
