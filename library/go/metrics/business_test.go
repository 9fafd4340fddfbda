package metrics

import (
	"errors"
	"fmt"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestABadBusinessCountIsAnErrorNamingTheField(t *testing.T) {
	m := New()
	cases := []struct {
		name   string
		value  float64
		labels map[string]string
		field  string
	}{
		{"payments", 1, nil, "name"},
		{"Payments_total", 1, nil, "name"},
		{"payments_total", -1, nil, "value"},
		{"payments_total", 1, map[string]string{"a": "", "b": "", "c": "", "d": "", "e": "", "f": ""}, "labels"},
		{"payments_total", 1, map[string]string{"bad-label": "x"}, "labels"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %v %v", c.name, c.value, c.labels), func(t *testing.T) {
			var be *BusinessError
			if err := m.Count(c.name, c.value, c.labels); !errors.As(err, &be) || be.Field != c.field {
				t.Errorf("Count(%q, %v, %v) = %v, want an error on %s", c.name, c.value, c.labels, err, c.field)
			}
		})
	}
}

func TestABusinessCounterKeepsItsFirstLabelNames(t *testing.T) {
	m := New()
	if err := m.Count("orders_total", 2, map[string]string{"currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Count("orders_total", 1, map[string]string{"currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Count("orders_total", 1, map[string]string{"country": "FR"}); err == nil {
		t.Fatal("other label names for the same counter must be an error")
	}
}

func TestABusinessCounterRegisteredTwiceStillCounts(t *testing.T) {
	registry := prometheus.NewRegistry()
	first, second := newBusinessCounters(registry), newBusinessCounters(registry)
	if err := first.add("refunds_total", 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := second.add("refunds_total", 2, nil); err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(first.counters["refunds_total"].vec.WithLabelValues()); got != 3 {
		t.Fatalf("scl_business_refunds_total = %v, want 3: the second registration's counts went nowhere", got)
	}
}
