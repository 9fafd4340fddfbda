package settings

import (
	"errors"
	"slices"
	"testing"
	"time"

	"sidecar-lab.dev/library/spec"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func TestEnvNameSplitsCamelCaseIntoWords(t *testing.T) {
	cases := map[string]string{
		"egress.tryTimeoutSeconds":       "SCL_EGRESS_TRY_TIMEOUT_SECONDS",
		"registry.ttlSeconds":            "SCL_REGISTRY_TTL_SECONDS",
		"egress.retryBudgetMinPerSecond": "SCL_EGRESS_RETRY_BUDGET_MIN_PER_SECOND",
	}
	for key, want := range cases {
		t.Run(key, func(t *testing.T) {
			if got := EnvName(key); got != want {
				t.Errorf("EnvName(%q) = %q, want %q", key, got, want)
			}
		})
	}
}

func TestDefaultsMatchTheSpec(t *testing.T) {
	s := Defaults()
	if s.Logs.BatchMaxRecords != 256 || s.Logs.FlushInterval != 500*time.Millisecond ||
		s.Egress.BackoffBase != 25*time.Millisecond || s.Registry.TTL != 5*time.Second {
		t.Fatalf("unexpected defaults: %+v", s)
	}
}

func TestEverySpecSettingIsRead(t *testing.T) {
	var names []string
	_, _ = Load(func(name string) (string, bool) { names = append(names, name); return "", false })
	for key := range spec.Contract.Settings {
		if !slices.Contains(names, EnvName(key)) {
			t.Errorf("setting %s is in features.json but not read by Load", key)
		}
	}
	if len(names) != len(spec.Contract.Settings) {
		t.Errorf("Load reads %d settings, features.json has %d", len(names), len(spec.Contract.Settings))
	}
}

func TestAnOverrideReplacesTheDefault(t *testing.T) {
	s, err := Load(env(map[string]string{"SCL_REGISTRY_TTL_SECONDS": "2", "SCL_EGRESS_MAX_ATTEMPTS": "5"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Registry.TTL != 2*time.Second || s.Egress.MaxAttempts != 5 {
		t.Fatalf("override not applied: ttl %v, attempts %d", s.Registry.TTL, s.Egress.MaxAttempts)
	}
}

func TestABadOverrideIsAnErrorNamingTheVariable(t *testing.T) {
	cases := map[string]string{
		"SCL_EGRESS_MAX_ATTEMPTS":    "2.5",
		"SCL_REGISTRY_TTL_SECONDS":   "soon",
		"SCL_LOGS_BATCH_MAX_RECORDS": "0",
		"SCL_CONFIG_WAIT_SECONDS":    "",
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(map[string]string{name: raw}))
			var settingErr *Error
			if !errors.As(err, &settingErr) || settingErr.Variable != name {
				t.Errorf("%s=%q: got %v, want an error naming the variable", name, raw, err)
			}
		})
	}
}
