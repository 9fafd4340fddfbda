package payment

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"sidecar-lab.dev/services/internal/appconfig"
)

// fakePlatform records the business counters.
type fakePlatform struct {
	config *appconfig.Current
	mu     sync.Mutex
	counts map[string]float64
}

func (f *fakePlatform) Config() *appconfig.Current { return f.config }
func (f *fakePlatform) Logger() *slog.Logger       { return slog.New(slog.DiscardHandler) }
func (f *fakePlatform) Count(_ context.Context, name string, value float64, labels map[string]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts[name+"{"+labels["currency"]+"}"] += value
	return nil
}

func newServer(t *testing.T) (*httptest.Server, *Service) {
	t.Helper()
	defaults, _ := appconfig.Defaults("payment")
	s, err := Open(context.Background(), t.TempDir(), &fakePlatform{config: appconfig.NewCurrent(defaults), counts: map[string]float64{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	mux := http.NewServeMux()
	s.Routes(mux)
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	return server, s
}

func post(t *testing.T, url, body, key string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/payments", strings.NewReader(body))
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp, string(answer)
}

func countPayments(t *testing.T, s *Service) int {
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM payments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAPaymentRetriedWithTheSameKeyChargesOnce(t *testing.T) {
	server, s := newServer(t)
	body := `{"customerId":1,"amountCents":1200,"currency":"EUR"}`
	first, firstBody := post(t, server.URL, body, "key-1")
	again, againBody := post(t, server.URL, ` {"currency":"EUR","amountCents":1200.0,"customerId":1}`, "key-1")
	if first.StatusCode != 201 || again.StatusCode != 201 || firstBody != againBody {
		t.Fatalf("first %d %s, again %d %s", first.StatusCode, firstBody, again.StatusCode, againBody)
	}
	if again.Header.Get("Idempotent-Replayed") != "true" || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatal("only the replay carries Idempotent-Replayed: true")
	}
	if n := countPayments(t, s); n != 1 {
		t.Fatalf("%d payments stored, want 1", n)
	}
	counts := s.platform.(*fakePlatform).counts
	if counts["payments_total{EUR}"] != 1 || counts["payment_amount_cents_total{EUR}"] != 1200 {
		t.Fatalf("counters %v: a replay must not count", counts)
	}
}

func TestTheSameKeyWithAnotherBodyIsRefused(t *testing.T) {
	server, _ := newServer(t)
	post(t, server.URL, `{"customerId":1,"amountCents":1200,"currency":"EUR"}`, "key-2")
	resp, body := post(t, server.URL, `{"customerId":1,"amountCents":1300,"currency":"EUR"}`, "key-2")
	if resp.StatusCode != 422 || !strings.Contains(body, `"idempotency_key_reused"`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}

func TestWithoutAKeyEveryRequestCharges(t *testing.T) {
	server, s := newServer(t)
	for range 2 {
		post(t, server.URL, `{"customerId":1,"amountCents":1,"currency":"GBP"}`, "")
	}
	if n := countPayments(t, s); n != 2 {
		t.Fatalf("%d payments, want 2", n)
	}
}

func TestValidationNamesTheFirstOffendingField(t *testing.T) {
	server, _ := newServer(t)
	cases := map[string]string{
		`{"amountCents":"x","currency":"XXX"}`:                    "customerId",
		`{"customerId":1,"amountCents":1.5,"currency":"XXX"}`:     "amountCents",
		`{"customerId":1,"amountCents":1000001,"currency":"EUR"}`: "amountCents",
		`{"customerId":1,"amountCents":5,"currency":"eur"}`:       "currency",
		`[1,2]`: "",
	}
	for body, field := range cases {
		t.Run(body, func(t *testing.T) {
			resp, answer := post(t, server.URL, body, "")
			var e struct{ Error struct{ Code, Field string } }
			_ = json.Unmarshal([]byte(answer), &e)
			if resp.StatusCode != 400 || e.Error.Code != "validation_failed" || e.Error.Field != field {
				t.Errorf("%s: %d %s, want 400 on %s", body, resp.StatusCode, answer, field)
			}
		})
	}
	resp, _ := post(t, server.URL, `{"customerId":1,"amountCents":5,"currency":"EUR"}`, "has space")
	if resp.StatusCode != 400 {
		t.Fatalf("a key with a space: %d", resp.StatusCode)
	}
}

func TestAStoredPaymentCanBeRead(t *testing.T) {
	server, _ := newServer(t)
	_, created := post(t, server.URL, `{"customerId":3,"amountCents":700,"currency":"USD"}`, "")
	var p Payment
	_ = json.Unmarshal([]byte(created), &p)
	resp, err := http.Get(server.URL + "/payments/" + "1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got Payment
	_ = json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 200 || got != p || got.Status != "captured" {
		t.Fatalf("%d %+v, want %+v", resp.StatusCode, got, p)
	}
	if resp, _ := http.Get(server.URL + "/payments/2"); resp.StatusCode != 404 {
		t.Fatalf("an unknown payment: %d", resp.StatusCode)
	}
}
