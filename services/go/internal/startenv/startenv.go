// Package startenv reads the start contract's environment (spec/start-contract.md).
package startenv

import (
	"fmt"
	"maps"
	"net"
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
	ControlPlaneURL string
	DataDir         string
	LogFile         string
	ConfigFile      string
	EgressURL       string
	SidecarAPIURL   string
	Peers           map[string]string // mode none: service -> base URL
	Features        string            // SCL_FEATURES, parsed by the library
	TestHooks       bool
}

// ListenAddress is where the app binds.
func (e Env) ListenAddress() string {
	return net.JoinHostPort(e.Host, strconv.Itoa(e.PrivatePort))
}

// Services are the valid SCL_SERVICE values; Modes the valid SCL_MODE values.
var (
	Services = []string{"web", "customers", "payment"}
	Modes    = []string{"none", "library", "sidecar"}
)

// Read parses the environment through lookup (os.LookupEnv); the error names the variable.
func Read(lookup func(string) (string, bool)) (Env, error) {
	get := func(name string) string { v, _ := lookup(name); return strings.TrimSpace(v) }
	e := Env{
		Service:         get("SCL_SERVICE"),
		Mode:            get("SCL_MODE"),
		InstanceID:      get("SCL_INSTANCE_ID"),
		Host:            get("SCL_HOST"),
		ControlPlaneURL: strings.TrimRight(get("SCL_CONTROLPLANE_URL"), "/"),
		DataDir:         get("SCL_DATA_DIR"),
		LogFile:         get("SCL_LOG_FILE"),
		ConfigFile:      get("SCL_CONFIG_FILE"),
		EgressURL:       strings.TrimRight(get("SCL_EGRESS_URL"), "/"),
		SidecarAPIURL:   strings.TrimRight(get("SCL_SIDECAR_API_URL"), "/"),
		Features:        get("SCL_FEATURES"),
		TestHooks:       get("SCL_TEST_HOOKS") == "1",
	}
	if e.Host == "" {
		e.Host = "127.0.0.1"
	}
	if !slices.Contains(Services, e.Service) {
		return e, fmt.Errorf("SCL_SERVICE=%q: must be one of %s", e.Service, strings.Join(Services, ", "))
	}
	if !slices.Contains(Modes, e.Mode) {
		return e, fmt.Errorf("SCL_MODE=%q: must be one of %s", e.Mode, strings.Join(Modes, ", "))
	}
	var err error
	if e.PublicPort, err = port(get("SCL_PUBLIC_PORT"), "SCL_PUBLIC_PORT"); err != nil {
		return e, err
	}
	e.PrivatePort = e.PublicPort
	if raw := get("SCL_PRIVATE_PORT"); raw != "" {
		if e.PrivatePort, err = port(raw, "SCL_PRIVATE_PORT"); err != nil {
			return e, err
		}
	}
	required := map[string]string{"SCL_INSTANCE_ID": e.InstanceID, "SCL_DATA_DIR": e.DataDir}
	switch e.Mode {
	case "library":
		required["SCL_CONTROLPLANE_URL"] = e.ControlPlaneURL
	case "sidecar":
		required["SCL_LOG_FILE"], required["SCL_CONFIG_FILE"], required["SCL_EGRESS_URL"] = e.LogFile, e.ConfigFile, e.EgressURL
	}
	for _, name := range slices.Sorted(maps.Keys(required)) {
		if required[name] == "" {
			return e, fmt.Errorf("%s is required in mode %s", name, e.Mode)
		}
	}
	if e.Peers, err = parsePeers(get("SCL_PEERS")); err != nil {
		return e, err
	}
	return e, nil
}

func port(raw, name string) (int, error) {
	p, err := strconv.Atoi(raw)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("%s=%q: must be a port number 1-65535", name, raw)
	}
	return p, nil
}

// parsePeers reads "customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102".
func parsePeers(raw string) (map[string]string, error) {
	peers := map[string]string{}
	for _, pair := range strings.Split(raw, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, url, ok := strings.Cut(pair, "=")
		if !ok || name == "" || url == "" {
			return nil, fmt.Errorf("SCL_PEERS: %q is not service=url", pair)
		}
		peers[strings.TrimSpace(name)] = strings.TrimRight(strings.TrimSpace(url), "/")
	}
	return peers, nil
}
