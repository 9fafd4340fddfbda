// One try: one attempt on one instance, bounded by egress.tryTimeoutSeconds.
package egress

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"

	"sidecar-lab.dev/library/registry"
)

var errTryFailed = errors.New("try failed")

// maxAnswerBytes bounds the answer a try buffers: the services answer kilobytes, and a downstream
// that streams without end must not take the caller's memory with it.
const maxAnswerBytes = 16 << 20

var errAnswerTooLarge = errors.New("the answer is larger than 16 MiB")

// notForwarded are the hop-by-hop headers, and those the transport sets itself for the try.
var notForwarded = []string{"Connection", "Keep-Alive", "Transfer-Encoding", "Te", "Trailer", "Upgrade",
	"Proxy-Connection", "Host", "Content-Length"}

// try sends req to instance and reads the whole answer within the try's timeout, so a
// downstream that stalls mid-body is a timeout too, and the answer can be handed on after
// the try's context is gone.
func (e *Egress) try(ctx context.Context, req *http.Request, instance registry.Instance, body []byte) outcome {
	tryCtx, cancel := context.WithTimeout(ctx, e.settings.TryTimeout)
	defer cancel()
	out := req.Clone(tryCtx)
	out.URL.Scheme = "http"
	out.URL.Host = net.JoinHostPort(instance.Address, strconv.Itoa(instance.Port))
	out.Host = ""
	out.RequestURI = ""
	for _, name := range notForwarded {
		out.Header.Del(name)
	}
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	resp, err := e.transport.RoundTrip(out)
	if err != nil {
		return outcome{kind: errorKind(tryCtx, err)}
	}
	buffered, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	resp.Body.Close()
	if err == nil && len(buffered) > maxAnswerBytes {
		err = errAnswerTooLarge // not read whole, like a connection lost mid-answer: connect_error
	}
	if err != nil {
		return outcome{kind: errorKind(tryCtx, err)}
	}
	resp.Body = io.NopCloser(bytes.NewReader(buffered))
	resp.ContentLength = int64(len(buffered))
	resp.Request = req
	return outcome{resp: resp}
}

// errorKind tells a try's timeout from a failure to connect (or a connection lost mid-answer).
func errorKind(tryCtx context.Context, err error) string {
	var netErr net.Error
	if errors.Is(tryCtx.Err(), context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout() {
		return kindTimeout
	}
	return kindConnectError
}

// replayableBody reads the request body once so every try can send it again (RoundTrip closes it).
func replayableBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	return io.ReadAll(req.Body)
}
