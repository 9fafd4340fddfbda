// Package startenv reads the start contract's environment (spec/start-contract.md).
package startenv

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Env is the start contract, parsed.
type Env struct {
	Service         string // web, customers or payment
	Mode            string // none, library or sidecar
	InstanceID      string
	PublicPort      int
	PrivatePort     int // the port the app binds
	Host            string
	ControlPlaneURL string            // library
	DataDir         string            // absolute
	LogFile         string            // sidecar with logs
	ConfigFile      string            // sidecar with config
	EgressURL       string            // sidecar with egress
	SidecarAPIURL   string            // sidecar, optional
	Peers           map[string]string // mode none, or sidecar without egress: service -> base URL
	Features        []string          // enabled features; none in mode none
	TestHooks       bool
}

// Uses tells whether a feature is enabled.
func (e Env) Uses(feature string) bool { return slices.Contains(e.Features, feature) }

// ListenAddress is where the app binds.
func (e Env) ListenAddress() string {
	return net.JoinHostPort(e.Host, strconv.Itoa(e.PrivatePort))
}

// Error is SCL_ERR_BAD_FLAG: a missing or invalid variable, with what is valid.
type Error struct{ Message string }

func (e *Error) Error() string { return "SCL_ERR_BAD_FLAG: " + e.Message }

var (
	services = []string{"web", "customers", "payment"}
	modes    = []string{"none", "library", "sidecar"}
	features = []string{"metrics", "logs", "registry", "config", "egress"}
	digits   = regexp.MustCompile(`^[0-9]+$`)
)

// Read parses the environment through lookup (os.LookupEnv). The first invalid variable is the
// error; the helpers keep it (a sticky error, like bufio.Scanner's) so Read stays a plain list.
func Read(lookup func(string) (string, bool)) (Env, error) {
	v := &vars{lookup: lookup}
	e := Env{
		Service:    v.oneOf("SCL_SERVICE", services, ""),
		Mode:       v.oneOf("SCL_MODE", modes, ""),
		PublicPort: v.port("SCL_PUBLIC_PORT"),
		InstanceID: v.required("SCL_INSTANCE_ID", "a unique name such as customers-1"),
		Host:       v.optional("SCL_HOST"),
		TestHooks:  v.oneOf("SCL_TEST_HOOKS", []string{"0", "1"}, "0") == "1",
	}
	if e.Host == "" {
		e.Host = "127.0.0.1"
	}
	e.PrivatePort = e.PublicPort
	if v.optional("SCL_PRIVATE_PORT") != "" {
		e.PrivatePort = v.port("SCL_PRIVATE_PORT")
	}
	e.DataDir = v.path("SCL_DATA_DIR", "a folder the service owns")
	if e.Mode != "none" {
		e.Features = v.features()
	}
	switch e.Mode {
	case "library":
		e.ControlPlaneURL = v.url("SCL_CONTROLPLANE_URL", true)
	case "sidecar":
		if e.Uses("logs") {
			e.LogFile = v.path("SCL_LOG_FILE", "a file path")
		}
		if e.Uses("config") {
			e.ConfigFile = v.path("SCL_CONFIG_FILE", "a file path")
		}
		if e.Uses("egress") {
			e.EgressURL = v.url("SCL_EGRESS_URL", true)
		}
		e.SidecarAPIURL = v.url("SCL_SIDECAR_API_URL", false)
	}
	// Mode sidecar with egress off, like mode none, calls SCL_PEERS with a plain client.
	if e.Mode == "none" || e.Mode == "sidecar" && !e.Uses("egress") {
		e.Peers = v.peers(e.Service == "web")
	}
	if v.err != nil {
		return Env{}, v.err
	}
	return e, nil
}

type vars struct {
	lookup func(string) (string, bool)
	err    *Error // the first invalid variable; later ones are not reported
}

func (v *vars) fail(format string, args ...any) {
	if v.err == nil {
		v.err = &Error{fmt.Sprintf(format, args...)}
	}
}

func (v *vars) optional(name string) string {
	value, _ := v.lookup(name)
	return strings.TrimSpace(value)
}

func (v *vars) required(name, expected string) string {
	value := v.optional(name)
	if value == "" {
		v.fail("%s is required; expected %s", name, expected)
	}
	return value
}

func (v *vars) oneOf(name string, valid []string, fallback string) string {
	value := v.optional(name)
	if value == "" {
		value = fallback
	}
	if !slices.Contains(valid, value) {
		if value == "" {
			v.fail("%s is required; valid values: %s", name, strings.Join(valid, ", "))
		}
		v.fail("%s=%q is not valid; valid values: %s", name, value, strings.Join(valid, ", "))
	}
	return value
}

func (v *vars) port(name string) int {
	raw := v.required(name, "a port, 1-65535")
	p, err := strconv.Atoi(raw)
	if !digits.MatchString(raw) || err != nil || p < 1 || p > 65535 {
		v.fail("%s=%q is not valid; expected a port, 1-65535", name, raw)
	}
	return p
}

func (v *vars) path(name, expected string) string {
	abs, err := filepath.Abs(v.required(name, expected))
	if err != nil {
		v.fail("%s: %v", name, err)
	}
	return abs
}

func (v *vars) url(name string, required bool) string {
	raw := v.optional(name)
	if raw == "" && !required {
		return ""
	}
	if raw == "" || !isHTTPURL(raw) {
		v.fail("%s=%q is not valid; expected an http(s):// URL", name, raw)
	}
	return strings.TrimRight(raw, "/")
}

// features reads SCL_FEATURES ("metrics,logs"); unset or empty means all five.
func (v *vars) features() []string {
	raw := v.optional("SCL_FEATURES")
	if raw == "" {
		return slices.Clone(features)
	}
	var names []string
	for _, name := range strings.Split(raw, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(features, name) {
			v.fail("SCL_FEATURES: unknown feature %q; valid values: %s", name, strings.Join(features, ", "))
		}
		names = append(names, name)
	}
	return names
}

// peers reads "customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102".
func (v *vars) peers(required bool) map[string]string {
	const expected = "service=http://host:port pairs separated by commas"
	raw := v.optional("SCL_PEERS")
	if required && raw == "" {
		v.fail("SCL_PEERS is required; expected %s", expected)
	}
	peers := map[string]string{}
	for _, pair := range strings.Split(raw, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		parts := strings.Split(pair, "=")
		if len(parts) != 2 || strings.TrimSpace(parts[0]) == "" || !isHTTPURL(strings.TrimSpace(parts[1])) {
			v.fail("SCL_PEERS: %q is not valid; expected %s", pair, expected)
		}
		peers[strings.TrimSpace(parts[0])] = strings.TrimRight(strings.TrimSpace(parts[1]), "/")
	}
	return peers
}

func isHTTPURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
