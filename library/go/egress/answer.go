// What a try produced, and the answers egress synthesizes when no try could answer.
package egress

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"sidecar-lab.dev/library/spec"
)

// Error kinds of spec/features.json egress.errorKinds.
const (
	kindUnknownService = "unknown_service"
	kindNoInstance     = "no_instance"
	kindCircuitOpen    = "circuit_open"
	kindTimeout        = "timeout"
	kindConnectError   = "connect_error"
)

// ErrorHeader names the kind on a synthesized answer.
const ErrorHeader = "X-Scl-Egress-Error"

// outcome is one try's result: a downstream's buffered answer, or an error kind.
type outcome struct {
	resp *http.Response
	kind string
}

// failed: a try that counts against the instance's circuit (connect error, timeout, any 5xx).
func (o outcome) failed() bool { return o.kind != "" || o.resp.StatusCode >= 500 }

// retryable: a try that may be repeated (connect error, timeout, a retryable status).
func (o outcome) retryable() bool {
	if o.kind != "" {
		return true
	}
	for _, s := range spec.Contract.Egress.RetryableStatuses {
		if o.resp.StatusCode == s {
			return true
		}
	}
	return false
}

// synthesize builds the answer of an error kind: its status, a JSON error body from the
// catalogue, and the x-scl-egress-error header.
func synthesize(req *http.Request, kind string) *http.Response {
	errorKind := spec.Contract.Egress.ErrorKinds[kind]
	body, _ := json.Marshal(map[string]any{"error": map[string]string{
		"code":    errorKind.Code,
		"message": spec.Errors.Platform[errorKind.Code].Message,
	}})
	header := http.Header{}
	header.Set("Content-Type", "application/json")
	header.Set(ErrorHeader, kind)
	header.Set("Content-Length", strconv.Itoa(len(body)))
	return &http.Response{
		Status:        strconv.Itoa(errorKind.Status) + " " + http.StatusText(errorKind.Status),
		StatusCode:    errorKind.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// Disabled stands in for egress when the feature is off: every call answers no_instance at
// once and nothing is sent, as in every other implementation.
type Disabled struct{}

func (Disabled) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return synthesize(req, kindNoInstance), nil
}
