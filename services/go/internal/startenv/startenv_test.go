package startenv

import (
	"errors"
	"strings"
	"testing"
)

func lookup(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func base(extra map[string]string) map[string]string {
	vars := map[string]string{"SCL_SERVICE": "customers", "SCL_MODE": "none", "SCL_INSTANCE_ID": "customers-1",
		"SCL_PUBLIC_PORT": "7101", "SCL_DATA_DIR": "/tmp/c"}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func TestAMinimalNoneEnvironmentParses(t *testing.T) {
	env, err := Read(lookup(base(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if env.PrivatePort != 7101 || env.Host != "127.0.0.1" || len(env.Features) != 0 {
		t.Fatalf("%+v", env)
	}
}

func TestABadVariableIsABadFlagNamingIt(t *testing.T) {
	cases := map[string]map[string]string{
		"SCL_MODE":             {"SCL_MODE": "mesh"},
		"SCL_PUBLIC_PORT":      {"SCL_PUBLIC_PORT": "70000"},
		"SCL_CONTROLPLANE_URL": {"SCL_MODE": "library"},
		"SCL_FEATURES":         {"SCL_MODE": "library", "SCL_CONTROLPLANE_URL": "http://x", "SCL_FEATURES": "tracing"},
		"SCL_PEERS":            {"SCL_SERVICE": "web"},
		"SCL_TEST_HOOKS":       {"SCL_TEST_HOOKS": "yes"},
	}
	for name, extra := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(lookup(base(extra)))
			var bad *Error
			if !errors.As(err, &bad) || !strings.Contains(err.Error(), name) || !strings.HasPrefix(err.Error(), "SCL_ERR_BAD_FLAG: ") {
				t.Errorf("%s: got %v", name, err)
			}
		})
	}
}

func TestSidecarModeNeedsOnlyTheFilesOfItsFeatures(t *testing.T) {
	env, err := Read(lookup(base(map[string]string{"SCL_MODE": "sidecar", "SCL_FEATURES": "metrics,config", "SCL_CONFIG_FILE": "app.json"})))
	if err != nil {
		t.Fatal(err)
	}
	if env.LogFile != "" || !strings.HasSuffix(env.ConfigFile, "/app.json") || env.Peers == nil {
		t.Fatalf("%+v", env)
	}
}
