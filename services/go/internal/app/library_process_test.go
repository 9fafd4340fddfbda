package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeControlPlane is the part of spec/controlplane.openapi.yaml a library-mode service uses.
type fakeControlPlane struct {
	mu         sync.Mutex
	registered map[string]bool
	events     []map[string]any // log record attributes, flattened
}

func (f *fakeControlPlane) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /v1/registry/register", func(w http.ResponseWriter, r *http.Request) {
		var reg struct{ ID string }
		_ = json.NewDecoder(r.Body).Decode(&reg)
		f.mu.Lock()
		f.registered[reg.ID] = true
		f.mu.Unlock()
		_, _ = io.WriteString(w, `{"id":"`+reg.ID+`"}`)
	})
	mux.HandleFunc("PUT /v1/registry/heartbeat/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if !f.registered[r.PathValue("id")] {
			w.WriteHeader(404)
		}
	})
	mux.HandleFunc("PUT /v1/registry/deregister/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.registered, r.PathValue("id"))
	})
	mux.HandleFunc("GET /v1/config/{service}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("index") == "7" { // the current index: block as a long poll would
			select {
			case <-r.Context().Done():
			case <-time.After(time.Second):
			}
		}
		w.Header().Set("X-Scl-Index", "7")
		_, _ = io.WriteString(w, `{"service":"customers","version":2,"config":{"logLevel":"info","pageSizeMax":5}}`)
	})
	mux.HandleFunc("POST /v1/logs", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ResourceLogs []struct {
				ScopeLogs []struct {
					LogRecords []struct {
						Attributes []struct {
							Key   string
							Value map[string]any
						}
					}
				}
			}
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, rl := range req.ResourceLogs {
			for _, sl := range rl.ScopeLogs {
				for _, lr := range sl.LogRecords {
					flat := map[string]any{}
					for _, a := range lr.Attributes {
						for _, v := range a.Value {
							flat[a.Key] = v
						}
					}
					f.events = append(f.events, flat)
				}
			}
		}
		_, _ = io.WriteString(w, `{}`)
	})
	return mux
}

func (f *fakeControlPlane) isRegistered(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.registered[id]
}

func (f *fakeControlPlane) accessRecordFor(requestID string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.events {
		if e["event"] == "http.request" && e["request_id"] == requestID && e["http_route"] == "/customers" {
			return true
		}
	}
	return false
}

func TestLibraryModeRegistersAppliesConfigCountsShipsLogsAndDeregisters(t *testing.T) {
	cp := &fakeControlPlane{registered: map[string]bool{}}
	server := httptest.NewServer(cp.handler())
	defer server.Close()
	env := noneEnv("customers", t.TempDir())
	env["SCL_MODE"], env["SCL_CONTROLPLANE_URL"] = "library", server.URL
	env["SCL_LOGS_FLUSH_INTERVAL_SECONDS"] = "0.05"
	s := start(t, env)

	if !cp.isRegistered("customers-1") {
		t.Fatal("not registered once /health answered 200")
	}
	if _, _, body := do(t, "GET", s.url+"/health", ""); !strings.Contains(string(body), `"configVersion":2`) {
		t.Fatalf("health %s: the stored config is not in use", body)
	}
	if status, _, _ := do(t, "GET", s.url+"/customers?limit=6", ""); status != 400 {
		t.Fatalf("limit 6 over pageSizeMax 5 answered %d", status)
	}
	do(t, "POST", s.url+"/customers", `{"name":"Ann","email":"ann@example.com"}`, "X-Request-Id", "lib-1")
	_, _, metrics := do(t, "GET", s.url+"/metrics", "")
	if !strings.Contains(string(metrics), `scl_http_server_requests_total{method="POST",route="/customers",status="201"} 1`) {
		t.Fatalf("metrics lack the request:\n%s", metrics)
	}
	waitFor(t, "the access record at the collector", func() bool { return cp.accessRecordFor("lib-1") })

	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-s.exitedOnce(); err != nil {
		t.Fatalf("exit: %v\n%s", err, s.stderr)
	}
	if cp.isRegistered("customers-1") {
		t.Fatal("still registered after SIGTERM")
	}
}
