// Package feature is the one interface every feature implements (spec/features.md): start,
// observe a completed inbound request, stop.
package feature

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The five feature names, in start order: registration comes last so the instance is ready
// when it is listed, and is undone first at shutdown.
const (
	Config   = "config"
	Metrics  = "metrics"
	Logs     = "logs"
	Registry = "registry"
	Egress   = "egress"
)

// StartOrder is the composition order of spec/features.md.
var StartOrder = []string{Config, Metrics, Logs, Registry, Egress}

// Exchange is a completed inbound request, as every feature sees it.
type Exchange struct {
	Route     string // OpenAPI path template (/customers/{id}), or "other"
	Method    string
	Status    int
	Duration  time.Duration
	RequestID string
}

// Feature is one unit of cross-cutting work.
type Feature interface {
	Name() string
	// Start acquires what the feature needs: register, first config pull, open the queue.
	Start(ctx context.Context) error
	// Stop releases it; ctx bounds how long the release may take.
	Stop(ctx context.Context) error
}

// Observer is a Feature that cares about completed inbound requests. Observe runs on the
// request path, after the response was written, and must be cheap.
type Observer interface {
	Observe(Exchange)
}

// ParseList reads SCL_FEATURES ("metrics,logs"); empty means all five.
func ParseList(value string) ([]string, error) {
	if strings.TrimSpace(value) == "" {
		return slices.Clone(StartOrder), nil
	}
	var names []string
	for _, name := range strings.Split(value, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(StartOrder, name) {
			return nil, fmt.Errorf("SCL_FEATURES: unknown feature %q; valid: %s", name, strings.Join(StartOrder, ", "))
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names, nil
}

// InStartOrder sorts features by StartOrder.
func InStartOrder(features []Feature) []Feature {
	sorted := slices.Clone(features)
	slices.SortStableFunc(sorted, func(a, b Feature) int {
		return slices.Index(StartOrder, a.Name()) - slices.Index(StartOrder, b.Name())
	})
	return sorted
}
