package customers

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sidecar-lab.dev/services/internal/appconfig"
)

type fakePlatform struct{ config *appconfig.Current }

func (f fakePlatform) Config() *appconfig.Current { return f.config }
func (f fakePlatform) Logger() *slog.Logger       { return slog.New(slog.DiscardHandler) }

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	defaults, _ := appconfig.Defaults("customers")
	s, err := Open(context.Background(), t.TempDir(), fakePlatform{appconfig.NewCurrent(defaults)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	mux := http.NewServeMux()
	s.Routes(mux)
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	return server
}

func create(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/customers", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer
}

func TestACustomerIsCreatedAndRead(t *testing.T) {
	server := newServer(t)
	status, created := create(t, server.URL, `{"name":"Ann","email":"ann@example.com"}`)
	if status != 201 || created["id"] != float64(1) || !strings.HasSuffix(created["createdAt"].(string), "Z") {
		t.Fatalf("%d %v", status, created)
	}
	resp, _ := http.Get(server.URL + "/customers/1")
	var got map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got["email"] != "ann@example.com" {
		t.Fatalf("read back %v", got)
	}
}

func TestBadCustomersAreRefusedNamingTheField(t *testing.T) {
	server := newServer(t)
	cases := map[string]string{
		`{"email":"a@b.co"}`:                              "name",
		`{"name":" \t","email":"a@b.co"}`:                 "name",
		`{"name":"` + strings.Repeat("é", 101) + `"}`:     "name",
		`{"name":"Ann","email":"ann@example"}`:            "email",
		`{"name":"Ann","email":"ann\u00a0x@example.com"}`: "email",
		`{"name":"\ufeff","email":"a@b.co"}`:              "name",
	}
	for body, field := range cases {
		t.Run(body, func(t *testing.T) {
			status, answer := create(t, server.URL, body)
			e, _ := answer["error"].(map[string]any)
			if status != 400 || e["field"] != field {
				t.Errorf("%s: %d %v, want 400 on %s", body, status, answer, field)
			}
		})
	}
	// Blank is the spec's pattern \S: ECMA-262 white space, which U+0085 is not.
	if status, _ := create(t, server.URL, `{"name":"\u0085","email":"a@b.co"}`); status != 201 {
		t.Fatalf("U+0085 is not white space in the spec's pattern: %d", status)
	}
	if status, _ := create(t, server.URL, `{"name":"`+strings.Repeat("é", 100)+`","email":"a@b.co"}`); status != 201 {
		t.Fatalf("100 two-byte characters are 100 characters: %d", status)
	}
}

func TestTheListPagesByIdAndEndsWithANullNextAfter(t *testing.T) {
	server := newServer(t)
	for range 3 {
		create(t, server.URL, `{"name":"Ann","email":"ann@example.com"}`)
	}
	page := func(query string) map[string]any {
		resp, err := http.Get(server.URL + "/customers?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return body
	}
	first := page("limit=2")
	if len(first["items"].([]any)) != 2 || first["nextAfter"] != float64(2) {
		t.Fatalf("first page %v", first)
	}
	last := page("limit=2&after=2")
	if len(last["items"].([]any)) != 1 || last["nextAfter"] != nil {
		t.Fatalf("last page %v", last)
	}
	for _, bad := range []string{"limit=0", "limit=101", "limit=x", "after=-1", "limit=1&limit=2", "after=1&after=2"} {
		resp, _ := http.Get(server.URL + "/customers?" + bad)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
	}
}
