package metrics

import (
	"errors"
	"testing"
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
		var be *BusinessError
		if err := m.Count(c.name, c.value, c.labels); !errors.As(err, &be) || be.Field != c.field {
			t.Errorf("Count(%q, %v, %v) = %v, want an error on %s", c.name, c.value, c.labels, err, c.field)
		}
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
