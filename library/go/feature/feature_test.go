package feature

import (
	"context"
	"slices"
	"testing"
)

func TestParseListDefaultsToAllFiveAndRejectsUnknownNames(t *testing.T) {
	if got, _ := ParseList(" "); !slices.Equal(got, StartOrder) {
		t.Fatalf("empty list = %v", got)
	}
	if got, _ := ParseList("logs, metrics"); !slices.Equal(got, []string{"logs", "metrics"}) {
		t.Fatalf("list = %v", got)
	}
	if _, err := ParseList("metrics,tracing"); err == nil {
		t.Fatal("an unknown feature must be an error")
	}
}

func TestRouteOfTurnsServeMuxPatternsIntoOpenAPITemplates(t *testing.T) {
	cases := map[string]string{
		"GET /customers/{id}": "/customers/{id}",
		"GET /{$}":            "/",
		"POST /payments":      "/payments",
		"":                    "other",
		"/":                   "other",
	}
	for pattern, want := range cases {
		t.Run(pattern, func(t *testing.T) {
			if got := RouteOf(pattern); got != want {
				t.Errorf("RouteOf(%q) = %q, want %q", pattern, got, want)
			}
		})
	}
}

type named string

func (n named) Name() string                { return string(n) }
func (n named) Start(context.Context) error { return nil }
func (n named) Stop(context.Context) error  { return nil }

func TestFeaturesStartInTheSpecOrder(t *testing.T) {
	sorted := InStartOrder([]Feature{named(Egress), named(Logs), named(Config), named(Registry), named(Metrics)})
	var names []string
	for _, f := range sorted {
		names = append(names, f.Name())
	}
	if !slices.Equal(names, StartOrder) {
		t.Fatalf("order %v", names)
	}
}
