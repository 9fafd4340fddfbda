package library

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"sidecar-lab.dev/library/config"
	"sidecar-lab.dev/library/settings"
	"sidecar-lab.dev/library/spec"
)

// fakeControlPlane accepts everything and answers config queries with garbage.
func fakeControlPlane(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/config/{service}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Scl-Index", "1")
		_, _ = io.WriteString(w, "not json")
	})
	mux.HandleFunc("GET /v1/registry/services/{service}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Scl-Index", "1")
		_, _ = io.WriteString(w, `{"service":"customers","known":true,"index":1,"instances":[]}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "{}") })
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	return server.URL
}

func newTestLibrary(t *testing.T, features []string) *Library {
	t.Helper()
	defaults, err := config.Defaults("web")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := New(Options{
		Service: "web", InstanceID: "web-1", Mode: "library", ControlPlaneURL: fakeControlPlane(t),
		AdvertiseHost: "127.0.0.1", AdvertisePort: 7100, Features: features,
		Settings: settings.Defaults(), ConfigDefaults: defaults,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := lib.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lib.Stop(context.Background()) })
	return lib
}

func scrape(t *testing.T, lib *Library) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	lib.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("content type %q, want the text format 0.0.4", ct)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

func TestEveryExposedMetricHasTheNameTypeAndLabelsOfTheSpec(t *testing.T) {
	lib := newTestLibrary(t, nil)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {})
	lib.Middleware(mux).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/customers/7", nil))
	lib.Logger().Info("hello", "event", "test.hello")
	if resp, err := lib.Client().Get("http://customers/customers/1"); err == nil {
		resp.Body.Close()
	}
	if err := lib.Count("payments_total", 1, map[string]string{"currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	families := scrape(t, lib)
	for _, want := range []string{"scl_http_server_requests_total", "scl_http_server_request_duration_seconds",
		"scl_app_cpu_seconds_total", "scl_app_resident_memory_bytes", "scl_app_open_fds", "scl_app_start_time_seconds",
		"scl_logs_records_queued_total", "scl_logs_queue_records", "scl_registry_registered", "scl_config_version",
		"scl_egress_requests_total", "scl_business_payments_total"} {
		if families[want] == nil {
			t.Errorf("%s is not exposed", want)
		}
	}
	for name, family := range families {
		if strings.HasPrefix(name, "scl_business_") {
			continue
		}
		def, ok := spec.Contract.Metrics.Names[name]
		if !ok {
			t.Errorf("%s is exposed but not in features.json", name)
			continue
		}
		if got := strings.ToLower(family.GetType().String()); got != def.Type {
			t.Errorf("%s is a %s, the spec says %s", name, got, def.Type)
		}
		for _, m := range family.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName())
			}
			if !slices.Equal(slices.Sorted(slices.Values(labels)), slices.Sorted(slices.Values(def.Labels))) {
				t.Errorf("%s has labels %v, the spec says %v", name, labels, def.Labels)
			}
		}
	}
	buckets := families["scl_http_server_request_duration_seconds"].GetMetric()[0].GetHistogram().GetBucket()
	want := spec.Contract.Metrics.HistogramBucketsSeconds
	if len(buckets) != len(want)+1 || !math.IsInf(buckets[len(want)].GetUpperBound(), 1) {
		t.Fatalf("%d buckets, want the spec's %d and +Inf", len(buckets), len(want))
	}
	for i, b := range buckets[:len(want)] {
		if b.GetUpperBound() != spec.Contract.Metrics.HistogramBucketsSeconds[i] {
			t.Fatalf("bucket %d is %v, the spec says %v", i, b.GetUpperBound(), spec.Contract.Metrics.HistogramBucketsSeconds[i])
		}
	}
}

func TestTheRequestMetricUsesTheRouteTemplateAndSkipsHealth(t *testing.T) {
	lib := newTestLibrary(t, []string{"metrics"})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {})
	handler := lib.Middleware(mux)
	for _, path := range []string{"/customers/1", "/customers/2", "/health", "/", "/nowhere"} {
		handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	got := map[string]float64{}
	for _, m := range scrape(t, lib)["scl_http_server_requests_total"].GetMetric() {
		key := ""
		for _, l := range m.GetLabel() {
			key += l.GetName() + "=" + l.GetValue() + " "
		}
		got[strings.TrimSpace(key)] = m.GetCounter().GetValue()
	}
	want := map[string]float64{
		"method=GET route=/customers/{id} status=404": 2,
		"method=GET route=/ status=200":               1,
		"method=GET route=other status=404":           1,
	}
	if len(got) != len(want) {
		t.Fatalf("series %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}

func TestWithoutTheConfigFeatureTheDefaultsAreVersionZero(t *testing.T) {
	lib := newTestLibrary(t, []string{"metrics"})
	if got := lib.Config(); got.Version != 0 || *got.Document.Banner == "" {
		t.Fatalf("config %+v", got)
	}
	if lib.MetricsHandler() == nil {
		t.Fatal("metrics is on")
	}
	if newTestLibrary(t, []string{"logs"}).MetricsHandler() != nil {
		t.Fatal("metrics is off: no handler")
	}
}

func TestWithoutEgressEveryCallAnswersNoInstance(t *testing.T) {
	lib := newTestLibrary(t, []string{"metrics"})
	resp, err := lib.Client().Get("http://customers/customers/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("X-Scl-Egress-Error") != "no_instance" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
}
