package egress

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"sidecar-lab.dev/library/registry"
	"sidecar-lab.dev/library/settings"
)

type staticResolver map[string][]registry.Instance

func (s staticResolver) Resolve(_ context.Context, service string) (registry.Snapshot, error) {
	instances, known := s[service]
	return registry.Snapshot{Known: known, Instances: instances}, nil
}

// downstream answers with statuses in turn (the last one repeats) and counts the requests.
type downstream struct {
	statuses []int
	hits     atomic.Int64
	delay    time.Duration
}

func (d *downstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(d.hits.Add(1)) - 1
	time.Sleep(d.delay)
	w.WriteHeader(d.statuses[min(n, len(d.statuses)-1)])
	_, _ = io.WriteString(w, "answer "+strconv.Itoa(n))
}

func instanceOf(t *testing.T, id string, h http.Handler) registry.Instance {
	t.Helper()
	server := httptest.NewServer(h)
	t.Cleanup(server.Close)
	u, _ := url.Parse(server.URL)
	port, _ := strconv.Atoi(u.Port())
	return registry.Instance{ID: id, Address: u.Hostname(), Port: port}
}

func newTestEgress(t *testing.T, resolver Resolver, tune func(*settings.Egress)) *Egress {
	t.Helper()
	s := settings.Defaults().Egress
	s.BackoffBase, s.BackoffMax = time.Millisecond, 2*time.Millisecond
	if tune != nil {
		tune(&s)
	}
	e := New(Options{Resolver: resolver, Settings: s}, prometheus.NewRegistry())
	t.Cleanup(func() { _ = e.Stop(context.Background()) })
	return e
}

func call(t *testing.T, e *Egress, method, target string, header http.Header) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+target+"/things", strings.NewReader(`{}`))
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := e.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestAnIdempotentCallIsRetriedOnARetryableStatus(t *testing.T) {
	d := &downstream{statuses: []int{503, 502, 200}}
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "c1", d)}}, nil)
	resp := call(t, e, "GET", "customers", nil)
	if resp.StatusCode != 200 || d.hits.Load() != 3 {
		t.Fatalf("status %d after %d tries, want 200 after 3", resp.StatusCode, d.hits.Load())
	}
	if got := testutil.ToFloat64(e.metrics.retries.WithLabelValues("customers")); got != 2 {
		t.Fatalf("retries = %v", got)
	}
}

func TestAPostWithoutAnIdempotencyKeyIsTriedOnce(t *testing.T) {
	d := &downstream{statuses: []int{503, 200}}
	e := newTestEgress(t, staticResolver{"payment": {instanceOf(t, "p1", d)}}, nil)
	resp := call(t, e, "POST", "payment", nil)
	if resp.StatusCode != 503 || d.hits.Load() != 1 {
		t.Fatalf("status %d after %d tries, want the downstream's 503 after 1", resp.StatusCode, d.hits.Load())
	}
	if resp.Header.Get(ErrorHeader) != "" {
		t.Fatal("a downstream's own answer must pass through unchanged")
	}
}

func TestAPostWithAnIdempotencyKeyIsRetried(t *testing.T) {
	d := &downstream{statuses: []int{504, 201}}
	e := newTestEgress(t, staticResolver{"payment": {instanceOf(t, "p1", d)}}, nil)
	resp := call(t, e, "POST", "payment", http.Header{"Idempotency-Key": {"k1"}})
	if resp.StatusCode != 201 || d.hits.Load() != 2 {
		t.Fatalf("status %d after %d tries", resp.StatusCode, d.hits.Load())
	}
}

func TestAServerErrorOtherThanTheRetryableOnesIsNotRetried(t *testing.T) {
	d := &downstream{statuses: []int{500, 200}}
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "c1", d)}}, nil)
	if resp := call(t, e, "GET", "customers", nil); resp.StatusCode != 500 || d.hits.Load() != 1 {
		t.Fatalf("status %d after %d tries", resp.StatusCode, d.hits.Load())
	}
}

func TestARetryPrefersAnotherInstance(t *testing.T) {
	bad, good := &downstream{statuses: []int{503}}, &downstream{statuses: []int{200}}
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "bad", bad), instanceOf(t, "good", good)}}, nil)
	for range 4 {
		if resp := call(t, e, "GET", "customers", nil); resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if good.hits.Load() != 4 {
		t.Fatalf("the good instance answered %d of 4 calls: retries did not move on", good.hits.Load())
	}
}

func errorCode(t *testing.T, resp *http.Response) string {
	t.Helper()
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Error.Code
}

func TestUnknownAndEmptyServicesGetSynthesizedAnswers(t *testing.T) {
	e := newTestEgress(t, staticResolver{"payment": nil}, nil)
	resp := call(t, e, "GET", "nosuch", nil)
	if resp.StatusCode != 502 || resp.Header.Get(ErrorHeader) != "unknown_service" || errorCode(t, resp) != "SCL_ERR_EGRESS_UNKNOWN_SERVICE" {
		t.Fatalf("unknown service: %d %v", resp.StatusCode, resp.Header)
	}
	resp = call(t, e, "GET", "payment", nil)
	if resp.StatusCode != 503 || resp.Header.Get(ErrorHeader) != "no_instance" || errorCode(t, resp) != "SCL_ERR_EGRESS_NO_INSTANCE" {
		t.Fatalf("no instance: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestAConnectErrorAfterTheLastTryIsSynthesized(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close() // nothing listens there now
	e := newTestEgress(t, staticResolver{"customers": {{ID: "gone", Address: "127.0.0.1", Port: port}}}, nil)
	resp := call(t, e, "GET", "customers", nil)
	if resp.StatusCode != 502 || resp.Header.Get(ErrorHeader) != "connect_error" {
		t.Fatalf("status %d, kind %q", resp.StatusCode, resp.Header.Get(ErrorHeader))
	}
}

func TestASlowTryTimesOut(t *testing.T) {
	d := &downstream{statuses: []int{200}, delay: 300 * time.Millisecond}
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "slow", d)}}, func(s *settings.Egress) {
		s.TryTimeout, s.MaxAttempts = 50*time.Millisecond, 2
	})
	resp := call(t, e, "GET", "customers", nil)
	if resp.StatusCode != 504 || resp.Header.Get(ErrorHeader) != "timeout" || d.hits.Load() != 2 {
		t.Fatalf("status %d, kind %q, tries %d", resp.StatusCode, resp.Header.Get(ErrorHeader), d.hits.Load())
	}
}

// scriptedTransport answers the tries in memory with statuses in turn (the last one repeats), so a
// test can run in a synctest bubble, where time.Sleep advances a fake clock at once.
type scriptedTransport struct {
	statuses []int
	tries    atomic.Int64
}

func (s *scriptedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	n := int(s.tries.Add(1)) - 1
	status := s.statuses[min(n, len(s.statuses)-1)]
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("answer")), Request: r}, nil
}

func TestConsecutiveFailuresOpenTheCircuitAndAProbeClosesIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tries := &scriptedTransport{statuses: []int{500, 500, 200}}
		s := settings.Defaults().Egress
		s.CircuitFailureThreshold, s.CircuitOpen = 2, 30*time.Second
		e := New(Options{Resolver: staticResolver{"customers": {{ID: "c1", Address: "127.0.0.1", Port: 1}}}, Settings: s, Transport: tries},
			prometheus.NewRegistry())
		call(t, e, "GET", "customers", nil)
		call(t, e, "GET", "customers", nil)
		resp := call(t, e, "GET", "customers", nil)
		if resp.StatusCode != 503 || resp.Header.Get(ErrorHeader) != "circuit_open" || tries.tries.Load() != 2 {
			t.Fatalf("status %d, kind %q, tries %d", resp.StatusCode, resp.Header.Get(ErrorHeader), tries.tries.Load())
		}
		if got := testutil.ToFloat64(e.metrics.circuitOpened.WithLabelValues("customers")); got != 1 {
			t.Fatalf("circuit opened %v times", got)
		}
		time.Sleep(29 * time.Second) // the bubble's clock: the open time is the rule under test
		if resp := call(t, e, "GET", "customers", nil); resp.StatusCode != 503 {
			t.Fatalf("1 s before the open time ends the call answered %d, want 503 circuit_open", resp.StatusCode)
		}
		time.Sleep(2 * time.Second)
		if resp := call(t, e, "GET", "customers", nil); resp.StatusCode != 200 {
			t.Fatalf("the half-open probe answered %d", resp.StatusCode)
		}
		if state := specState(e.breakers.get("customers", "c1").State()); state != 0 {
			t.Fatalf("state after a good probe = %v, want closed", state)
		}
	})
}

func TestAnExhaustedBudgetStopsRetries(t *testing.T) {
	d := &downstream{statuses: []int{503}}
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "c1", d)}}, func(s *settings.Egress) {
		s.RetryBudgetRatio, s.RetryBudgetMinPerSecond, s.CircuitFailureThreshold = 0, 0, 100
	})
	call(t, e, "GET", "customers", nil)
	if d.hits.Load() != 1 || testutil.ToFloat64(e.metrics.budgetExhausted.WithLabelValues("customers")) != 1 {
		t.Fatalf("tries %d: a spent budget must stop the retry and count it", d.hits.Load())
	}
}

// closeRecorder is a request body that says whether RoundTrip closed it.
type closeRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeRecorder) Close() error {
	c.closed.Store(true)
	return nil
}

type failingResolver struct{}

func (failingResolver) Resolve(context.Context, string) (registry.Snapshot, error) {
	return registry.Snapshot{}, errors.New("control plane unreachable")
}

func TestRoundTripClosesTheBodyOnEveryEarlyReturn(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name     string
		resolver Resolver
		ctx      context.Context
		target   string
	}{
		{"unknown service", staticResolver{}, context.Background(), "nosuch"},
		{"registry unreachable", failingResolver{}, context.Background(), "customers"},
		{"caller cancelled", staticResolver{"customers": nil}, cancelled, "customers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newTestEgress(t, c.resolver, nil)
			body := &closeRecorder{Reader: strings.NewReader(`{}`)}
			req, _ := http.NewRequestWithContext(c.ctx, "POST", "http://"+c.target+"/things", body)
			if resp, err := e.RoundTrip(req); err == nil {
				resp.Body.Close()
			}
			if !body.closed.Load() {
				t.Fatal("RoundTrip returned without closing the request body")
			}
		})
	}
}

func TestAnAnswerOverTheLimitIsNotBuffered(t *testing.T) {
	huge := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		chunk := make([]byte, 1<<20)
		for range maxAnswerBytes/len(chunk) + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	e := newTestEgress(t, staticResolver{"customers": {instanceOf(t, "huge", huge)}}, func(s *settings.Egress) {
		s.MaxAttempts, s.TryTimeout = 1, time.Minute // only the size may fail it, however slow -race makes the copy
	})
	resp := call(t, e, "GET", "customers", nil)
	if resp.StatusCode != 502 || resp.Header.Get(ErrorHeader) != "connect_error" {
		t.Fatalf("status %d, kind %q: an answer over 16 MiB must fail the try", resp.StatusCode, resp.Header.Get(ErrorHeader))
	}
}
