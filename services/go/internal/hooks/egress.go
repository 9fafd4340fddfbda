// POST /_scl/egress: one outbound call the way this mode makes it.
package hooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"

	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/platform"
)

var (
	methodName = regexp.MustCompile(`^[A-Za-z]{1,20}$`)
	// errorKinds are the kinds of spec/features.json egress.errorKinds a plain client can hit.
	errorKinds = map[string]struct {
		status int
		code   string
	}{
		"unknown_service": {502, "SCL_ERR_EGRESS_UNKNOWN_SERVICE"},
		"timeout":         {504, "SCL_ERR_EGRESS_TIMEOUT"},
		"connect_error":   {502, "SCL_ERR_EGRESS_CONNECT"},
	}
)

type callReport struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// egress makes the call and reports what it answered; the hook itself answers 200.
func (h hooks) egress(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	req, verr := buildCall(r.Context(), obj)
	if verr != nil {
		httpapi.WriteError(w, verr)
		return
	}
	resp, err := h.platform.Client().Do(req)
	if err != nil {
		httpapi.WriteJSON(w, http.StatusOK, failedCall(err))
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	headers := make(map[string]string, len(resp.Header))
	for name, values := range resp.Header {
		headers[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	httpapi.WriteJSON(w, http.StatusOK, callReport{Status: resp.StatusCode, Headers: headers, Body: string(body)})
}

// buildCall reads {service, method, path, headers?, body?}. The inbound x-request-id goes out
// with the call (the client adds it), content-type when there is a body; headers override.
func buildCall(ctx context.Context, obj httpapi.Object) (*http.Request, *httpapi.Error) {
	service, err := obj.String("service")
	if err == nil && (strings.TrimSpace(service) == "" || httpapi.Length(service) > 100) {
		err = httpapi.Invalid("service", "must be a service name of at most 100 characters")
	}
	if err != nil {
		return nil, err
	}
	method, err := obj.String("method")
	if err == nil && !methodName.MatchString(method) {
		err = httpapi.Invalid("method", "must be an HTTP method such as GET")
	}
	if err != nil {
		return nil, err
	}
	path, err := obj.String("path")
	if err == nil && (!strings.HasPrefix(path, "/") || httpapi.Length(path) > 8192) {
		err = httpapi.Invalid("path", "must start with / and be at most 8192 characters")
	}
	if err != nil {
		return nil, err
	}
	headers := map[string]string{}
	if raw, present := obj["headers"]; present {
		object, isObject := raw.(map[string]any)
		if !isObject {
			return nil, httpapi.Invalid("headers", "must be an object of strings")
		}
		for name, value := range object {
			s, isString := value.(string)
			if !isString {
				return nil, httpapi.Invalid("headers."+name, "must be a string")
			}
			headers[name] = s
		}
	}
	var body io.Reader
	if value, present := obj["body"]; present {
		encoded, _ := json.Marshal(value)
		body = bytes.NewReader(encoded)
	}
	req, reqErr := http.NewRequestWithContext(ctx, strings.ToUpper(method), "http://"+service+path, body)
	if reqErr != nil {
		return nil, httpapi.Invalid("path", reqErr.Error())
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	return req, nil
}

// failedCall reports a call that could not be made as egress would answer it.
func failedCall(err error) callReport {
	kind := "connect_error"
	var unknown *platform.UnknownPeerError
	var netErr net.Error
	switch {
	case errors.As(err, &unknown):
		kind = "unknown_service"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		kind = "timeout"
	}
	k := errorKinds[kind]
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": k.code, "message": err.Error()}})
	return callReport{
		Status:  k.status,
		Headers: map[string]string{"content-type": "application/json", "x-scl-egress-error": kind},
		Body:    string(body),
	}
}
