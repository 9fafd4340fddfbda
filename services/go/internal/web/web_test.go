package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/httpapi"
)

// peers routes http://customers/... and http://payment/... to handlers in the test.
type peers map[string]http.Handler

func (p peers) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	h, ok := p[req.URL.Hostname()]
	if !ok {
		return nil, io.ErrUnexpectedEOF
	}
	h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

type fakePlatform struct {
	client *http.Client
	config *appconfig.Current
	mu     sync.Mutex
	counts map[string]int
}

func (f *fakePlatform) Client() *http.Client       { return f.client }
func (f *fakePlatform) Config() *appconfig.Current { return f.config }
func (f *fakePlatform) Logger() *slog.Logger       { return slog.New(slog.DiscardHandler) }
func (f *fakePlatform) Count(_ context.Context, name string, _ float64, labels map[string]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts[name+"{"+labels["outcome"]+"}"]++
	return nil
}

func newPlatform(p peers) *fakePlatform {
	defaults, _ := appconfig.Defaults("web")
	return &fakePlatform{client: &http.Client{Transport: httpapi.PropagateRequestID{Base: p}}, config: appconfig.NewCurrent(defaults), counts: map[string]int{}}
}

func newWeb(t *testing.T, p peers) http.Handler {
	t.Helper()
	mux := http.NewServeMux()
	New(newPlatform(p)).Routes(mux)
	return httpapi.RequestID(mux)
}

func checkout(t *testing.T, h http.Handler, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/checkout", strings.NewReader(body))
	req.Header.Set("X-Request-Id", "req-7")
	h.ServeHTTP(rec, req)
	var answer map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &answer)
	return rec, answer
}

func customersWith(id string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/customers/"+id {
			httpapi.WriteError(w, httpapi.NotFound("", "no"))
			return
		}
		_, _ = io.WriteString(w, `{"id":`+id+`,"name":"Ann","email":"a@b.co","createdAt":"2026-01-01T00:00:00.000Z"}`)
	})
}

func TestACheckoutLooksTheCustomerUpAndChargesWithAKey(t *testing.T) {
	var key, requestID atomic.Value
	payment := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key.Store(r.Header.Get("Idempotency-Key"))
		requestID.Store(r.Header.Get("X-Request-Id"))
		w.WriteHeader(201)
		_, _ = io.WriteString(w, `{"id":9,"customerId":1,"amountCents":5,"currency":"EUR","status":"captured","createdAt":"2026-01-01T00:00:00.000Z"}`)
	})
	h := newWeb(t, peers{"customers": customersWith("1"), "payment": payment})
	rec, answer := checkout(t, h, `{"customerId":1,"amountCents":5,"currency":"EUR","idempotencyKey":"k-1"}`)
	if rec.Code != 201 || answer["payment"].(map[string]any)["id"] != float64(9) || answer["customer"].(map[string]any)["name"] != "Ann" {
		t.Fatalf("%d %v", rec.Code, answer)
	}
	if key.Load() != "k-1" || requestID.Load() != "req-7" {
		t.Fatalf("payment saw key %v and request id %v", key.Load(), requestID.Load())
	}
	checkout(t, h, `{"customerId":1,"amountCents":5,"currency":"EUR"}`)
	if k := key.Load().(string); k == "" || k == "k-1" {
		t.Fatalf("a checkout without a key must send a fresh one, got %q", k)
	}
}

func TestAnUnknownCustomerIs404OnCustomerId(t *testing.T) {
	h := newWeb(t, peers{"customers": customersWith("1")})
	rec, answer := checkout(t, h, `{"customerId":2,"amountCents":5,"currency":"EUR"}`)
	if rec.Code != 404 || answer["error"].(map[string]any)["field"] != "customerId" {
		t.Fatalf("%d %v", rec.Code, answer)
	}
}

func TestAPaymentRefusalIsPassedThroughAndAFailureIs502(t *testing.T) {
	refusing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpapi.WriteError(w, httpapi.Invalid("amountCents", "too much"))
	})
	rec, answer := checkout(t, newWeb(t, peers{"customers": customersWith("1"), "payment": refusing}), `{"customerId":1,"amountCents":5,"currency":"EUR"}`)
	if rec.Code != 400 || answer["error"].(map[string]any)["field"] != "amountCents" {
		t.Fatalf("%d %v", rec.Code, answer)
	}
	rec, answer = checkout(t, newWeb(t, peers{"customers": customersWith("1")}), `{"customerId":1,"amountCents":5,"currency":"EUR"}`)
	if rec.Code != 502 || answer["error"].(map[string]any)["code"] != "upstream_failed" {
		t.Fatalf("%d %v", rec.Code, answer)
	}
}

func TestTheHomePageShowsTheBannerEscaped(t *testing.T) {
	p := newPlatform(nil)
	banner := "<b>Sale</b>"
	p.config.Set(appconfig.Applied{Version: 2, Document: appconfig.Document{LogLevel: "info", Banner: &banner}})
	mux := http.NewServeMux()
	New(p).Routes(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Body.String(), "&lt;b&gt;Sale&lt;/b&gt;") {
		t.Fatalf("home page: %s", rec.Body.String())
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/nowhere", nil))
	if rec.Code != 404 {
		t.Fatalf("an unknown path answered %d: / must not catch everything", rec.Code)
	}
}

func TestEveryCheckoutIsCountedByOutcome(t *testing.T) {
	p := newPlatform(peers{"customers": customersWith("1")})
	mux := http.NewServeMux()
	New(p).Routes(mux)
	for _, body := range []string{`{}`, `{"customerId":2,"amountCents":5,"currency":"EUR"}`, `{"customerId":1,"amountCents":5,"currency":"EUR"}`} {
		checkout(t, mux, body)
	}
	want := map[string]int{"checkouts_total{invalid}": 1, "checkouts_total{unknown_customer}": 1, "checkouts_total{upstream_failed}": 1}
	for k, v := range want {
		if p.counts[k] != v {
			t.Fatalf("counts %v, want %v", p.counts, want)
		}
	}
}
