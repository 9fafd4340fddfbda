// Package httpapi holds what every service's handlers share: the error body of
// spec/services.openapi.yaml, JSON bodies with their limits and validation, the request id.
package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

// Error is a service error ({"error":{"code","message","field"?}}), codes of spec/errors.json.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Invalid is 400 validation_failed naming the first offending field.
func Invalid(field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "validation_failed", Message: field + ": " + message, Field: field}
}

// NotFound is 404 not_found; field names the input that pointed nowhere, if any.
func NotFound(field, message string) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: message, Field: field}
}

// UpstreamFailed is 502 upstream_failed.
func UpstreamFailed(message string) *Error {
	return &Error{Status: http.StatusBadGateway, Code: "upstream_failed", Message: message}
}

var (
	errInvalidJSON = &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: "the body is not valid JSON"}
	errNotAnObject = &Error{Status: http.StatusBadRequest, Code: "validation_failed", Message: "the body must be a JSON object"}
	errTooLarge    = &Error{Status: http.StatusRequestEntityTooLarge, Code: "payload_too_large", Message: "the body is larger than 64 KiB; send a smaller one"}
	errInternal    = &Error{Status: http.StatusInternalServerError, Code: "internal_error", Message: "the service failed unexpectedly; its log has the cause"}
)

// WriteError answers err; an error that is not an *Error is a 500 internal_error, whose cause
// the caller logs.
func WriteError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) { // a wrapped *Error still answers with its own status and code
		e = errInternal
	}
	WriteJSON(w, e.Status, map[string]*Error{"error": e})
}

// Fail answers err like WriteError, and first logs an unexpected one as http.failure, since
// the 500's body does not say what went wrong.
func Fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if e := (*Error)(nil); !errors.As(err, &e) {
		log.ErrorContext(r.Context(), err.Error(), "event", "http.failure", "request_id", r.Header.Get("X-Request-Id"))
	}
	WriteError(w, err)
}

// candidateMethods are the methods a 405's Allow may name.
var candidateMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// NotFoundRoute answers, as the catch-all "/" of mux, a path no route serves (404) or a path
// served with other methods (405 with Allow), in the service error shape. The catch-all keeps
// the mux's own plain-text 405 from answering, so the methods are asked of the mux here.
func NotFoundRoute(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, method := range candidateMethods {
			probe := r.Clone(r.Context())
			probe.Method = method
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allowed = append(allowed, method)
			}
		}
		if len(allowed) == 0 {
			WriteError(w, &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no route " + r.Method + " " + r.URL.Path})
			return
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		WriteError(w, &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: r.URL.Path + " serves " + strings.Join(allowed, ", ") + ", not " + r.Method})
	}
}

// WriteJSON answers status with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	WriteRawJSON(w, status, body)
}

// WriteRawJSON answers status with an already encoded JSON body.
func WriteRawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
