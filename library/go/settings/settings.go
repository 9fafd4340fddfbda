// Package settings holds the feature settings of spec/features.json: defaults, overridden by
// SCL_<FEATURE>_<SETTING> environment variables (spec/start-contract.md).
package settings

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"sidecar-lab.dev/library/spec"
)

// Settings are the typed values of every setting key; times are time.Duration, as Go code uses them.
type Settings struct {
	Logs     Logs
	Registry Registry
	Config   Config
	Egress   Egress
}

// Logs are the logs.* settings.
type Logs struct {
	BatchMaxRecords int
	FlushInterval   time.Duration
	QueueMaxRecords int
	ExportTimeout   time.Duration
	RetryBackoff    time.Duration
	RetryBackoffMax time.Duration
}

// Registry are the registry.* settings.
type Registry struct {
	TTL                         time.Duration
	HeartbeatInterval           time.Duration
	HealthCheckInterval         time.Duration
	HealthCheckTimeout          time.Duration
	HealthCheckFailureThreshold int
}

// Config are the config.* settings.
type Config struct {
	Wait         time.Duration
	RetryBackoff time.Duration
	FileDebounce time.Duration
}

// Egress are the egress.* settings.
type Egress struct {
	TryTimeout              time.Duration
	MaxAttempts             int
	BackoffBase             time.Duration
	BackoffMax              time.Duration
	RetryBudgetRatio        float64
	RetryBudgetMinPerSecond float64
	RetryBudgetWindow       time.Duration
	CircuitFailureThreshold int
	CircuitOpen             time.Duration
}

// Error is SCL_ERR_BAD_SETTING: an override that does not parse as its setting's type.
type Error struct {
	Variable string
	Reason   string
}

func (e *Error) Error() string {
	return fmt.Sprintf("SCL_ERR_BAD_SETTING: %s %s", e.Variable, e.Reason)
}

// decimal is the one number grammar of spec/start-contract.md: what ParseFloat would also take (1_000 with a base
// prefix, 0x1p4, Inf) is refused.
var decimal = regexp.MustCompile(`^[ \t]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t]*$`)

var camelBoundary = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// EnvName turns a setting key into its variable: egress.tryTimeoutSeconds -> SCL_EGRESS_TRY_TIMEOUT_SECONDS.
func EnvName(key string) string {
	return "SCL_" + strings.ToUpper(camelBoundary.ReplaceAllString(strings.ReplaceAll(key, ".", "_"), "${1}_${2}"))
}

// Defaults are the settings of features.json without any override.
func Defaults() Settings {
	s, err := Load(func(string) (string, bool) { return "", false })
	if err != nil {
		panic(err) // the embedded defaults are valid by TestDefaultsMatchTheSpec
	}
	return s
}

// Load reads every setting from lookup (os.LookupEnv in production), falling back to its default.
func Load(lookup func(string) (string, bool)) (Settings, error) {
	r := reader{lookup: lookup}
	var s Settings
	s.Logs.BatchMaxRecords = r.integer("logs.batchMaxRecords")
	s.Logs.FlushInterval = r.seconds("logs.flushIntervalSeconds")
	s.Logs.QueueMaxRecords = r.integer("logs.queueMaxRecords")
	s.Logs.ExportTimeout = r.seconds("logs.exportTimeoutSeconds")
	s.Logs.RetryBackoff = r.seconds("logs.retryBackoffSeconds")
	s.Logs.RetryBackoffMax = r.seconds("logs.retryBackoffMaxSeconds")
	s.Registry.TTL = r.seconds("registry.ttlSeconds")
	s.Registry.HeartbeatInterval = r.seconds("registry.heartbeatIntervalSeconds")
	s.Registry.HealthCheckInterval = r.seconds("registry.healthCheckIntervalSeconds")
	s.Registry.HealthCheckTimeout = r.seconds("registry.healthCheckTimeoutSeconds")
	s.Registry.HealthCheckFailureThreshold = r.integer("registry.healthCheckFailureThreshold")
	s.Config.Wait = r.seconds("config.waitSeconds")
	s.Config.RetryBackoff = r.seconds("config.retryBackoffSeconds")
	s.Config.FileDebounce = r.seconds("config.fileDebounceSeconds")
	s.Egress.TryTimeout = r.seconds("egress.tryTimeoutSeconds")
	s.Egress.MaxAttempts = r.integer("egress.maxAttempts")
	s.Egress.BackoffBase = r.seconds("egress.backoffBaseSeconds")
	s.Egress.BackoffMax = r.seconds("egress.backoffMaxSeconds")
	s.Egress.RetryBudgetRatio = r.number("egress.retryBudgetRatio")
	s.Egress.RetryBudgetMinPerSecond = r.number("egress.retryBudgetMinPerSecond")
	s.Egress.RetryBudgetWindow = r.seconds("egress.retryBudgetWindowSeconds")
	s.Egress.CircuitFailureThreshold = r.integer("egress.circuitFailureThreshold")
	s.Egress.CircuitOpen = r.seconds("egress.circuitOpenSeconds")
	return s, r.err
}

// reader keeps the first error so Load reads as a plain list of assignments.
type reader struct {
	lookup func(string) (string, bool)
	err    error
}

func (r *reader) number(key string) float64 {
	def, ok := spec.Contract.Settings[key]
	if !ok {
		panic("settings: key not in features.json: " + key)
	}
	name := EnvName(key)
	raw, present := r.lookup(name)
	if !present {
		return def.Default
	}
	value, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	switch {
	case !decimal.MatchString(raw) || err != nil || math.IsInf(value, 0) || math.IsNaN(value):
		r.fail(name, fmt.Sprintf("=%q is not a number", raw))
	case def.Type == "integer" && value != math.Trunc(value):
		r.fail(name, fmt.Sprintf("=%q must be an integer", raw))
	case value < def.Min:
		r.fail(name, fmt.Sprintf("=%s is below its minimum %v", raw, def.Min))
	default:
		return value
	}
	return def.Default
}

func (r *reader) integer(key string) int { return int(r.number(key)) }

func (r *reader) seconds(key string) time.Duration {
	return time.Duration(r.number(key) * float64(time.Second))
}

func (r *reader) fail(name, reason string) {
	if r.err == nil {
		r.err = &Error{Variable: name, Reason: reason}
	}
}
