// The access record of each request in sidecar mode, written by the app to its log file
// (spec/features.md logs), the way the library's middleware writes it in library mode.
package platform

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

func accessRecords(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if path == "/metrics" || path == "/health" || strings.HasPrefix(path, "/_scl/") {
			next.ServeHTTP(w, r)
			return
		}
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request completed",
			slog.String("event", "http.request"),
			slog.String("request_id", r.Header.Get("X-Request-Id")),
			slog.String("http_route", routeOf(r.Pattern)),
			slog.String("http_method", r.Method),
			slog.Int("http_status", recorder.status),
			slog.Float64("duration_seconds", time.Since(started).Seconds()))
	})
}

// routeOf turns the ServeMux pattern into the OpenAPI template; the catch-all "/" is the
// not-found handler.
func routeOf(pattern string) string {
	if pattern == "" || pattern == "/" {
		return "other"
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 {
		pattern = pattern[i:]
	}
	return strings.TrimSuffix(pattern, "{$}")
}

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
