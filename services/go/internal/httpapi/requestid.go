// The request id: taken from x-request-id or generated, echoed, and sent on outbound calls.
package httpapi

import (
	"context"
	"net/http"
	"regexp"

	"github.com/google/uuid"
)

// reusableID is an incoming x-request-id worth keeping: 1 to 128 printable ASCII characters.
var reusableID = regexp.MustCompile(`^[\x21-\x7e]{1,128}$`)

type requestIDKey struct{}

// RequestID wraps next: every request carries an X-Request-Id header (a new UUID when the
// incoming one is absent or unfit), the response echoes it, and the context holds it for
// outbound calls.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !reusableID.MatchString(id) {
			id = uuid.NewString()
			r.Header.Set("X-Request-Id", id)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestIDFrom is the id of the inbound request behind ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// PropagateRequestID sends the inbound request's id on every outbound call made with its context.
type PropagateRequestID struct{ Base http.RoundTripper }

func (p PropagateRequestID) RoundTrip(req *http.Request) (*http.Response, error) {
	id := RequestIDFrom(req.Context())
	if id == "" || req.Header.Get("X-Request-Id") != "" {
		return p.Base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.Header.Set("X-Request-Id", id)
	return p.Base.RoundTrip(out)
}
