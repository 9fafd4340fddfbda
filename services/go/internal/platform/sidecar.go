// Mode sidecar: the app links no library. It appends JSON lines to SCL_LOG_FILE (reopened on
// SIGHUP), re-reads SCL_CONFIG_FILE when it changes, calls peers through the ambassador at
// SCL_EGRESS_URL, and sends business counters to the sidecar's local API. Standard library only.
package platform

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/startenv"
)

// pollInterval is how often the config file is checked: one stat, so cheap, and a change is
// in use within it (the spec allows 1 s).
const pollInterval = 20 * time.Millisecond

type sidecar struct {
	client     *http.Client
	config     *appconfig.Current
	level      *slog.LevelVar
	logFile    *logFile     // nil with logs off
	logger     *slog.Logger // discards with logs off
	configFile *configFile  // nil with config off
	counters   *counterSender
	stop       context.CancelFunc
	done       chan struct{}
}

func newSidecar(env startenv.Env, defaults appconfig.Document) (*sidecar, error) {
	s := &sidecar{config: appconfig.NewCurrent(defaults), level: new(slog.LevelVar), logger: discard}
	_ = s.level.UnmarshalText([]byte(defaults.LogLevel))
	if env.LogFile != "" {
		logFile, err := openLogFile(env.LogFile)
		if err != nil {
			return nil, err
		}
		s.logFile, s.logger = logFile, slog.New(newLineHandler(logFile, s.level))
	}
	if env.ConfigFile != "" {
		s.configFile = &configFile{path: env.ConfigFile, apply: s.apply, reject: s.reject}
	}
	if env.EgressURL != "" {
		s.client = plainClient(func(service string) (string, bool) { return env.EgressURL + "/" + service, true })
	} else {
		s.client = plainClient(peersOf(env.Peers))
	}
	if env.Uses("metrics") && env.SidecarAPIURL != "" {
		s.counters = newCounterSender(env.SidecarAPIURL + "/v1/metrics")
	}
	return s, nil
}

func (s *sidecar) apply(a appconfig.Applied) {
	_ = s.level.UnmarshalText([]byte(a.Document.LogLevel)) // ParseFile checked the level
	s.config.Set(a)
	s.logger.Info("config version in use", "event", "config.applied", "config_version", a.Version)
}

func (s *sidecar) reject(err error) {
	s.logger.Warn("config file not applied, keeping the version in use", "event", "config.rejected",
		"config_version", s.config.Version(), "detail", err.Error())
}

func (s *sidecar) Logger() *slog.Logger       { return s.logger }
func (s *sidecar) Client() *http.Client       { return s.client }
func (s *sidecar) Config() *appconfig.Current { return s.config }

// Count checks the increment and hands it to the sidecar's local API; without the API it is
// dropped, so the app's side of the work is the same.
func (s *sidecar) Count(_ context.Context, name string, value float64, labels map[string]string) error {
	if err := CheckCounter(name, value, labels); err != nil {
		return err
	}
	if s.counters != nil {
		s.counters.send(name, value, labels)
	}
	return nil
}

func (s *sidecar) Routes(*http.ServeMux) {}

// Wrap writes the access record of each request to the log file.
func (s *sidecar) Wrap(next http.Handler) http.Handler {
	if s.logFile == nil {
		return next
	}
	return accessRecords(next, s.logger)
}

// Start reads the config file once (it may not exist yet: the defaults stay in use), then
// polls it, and reopens the log file on SIGHUP.
func (s *sidecar) Start(context.Context) error {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	if s.configFile != nil {
		s.configFile.check()
	}
	hup := make(chan os.Signal, 1)
	if s.logFile != nil {
		signal.Notify(hup, syscall.SIGHUP)
	}
	go func() {
		defer close(s.done)
		defer signal.Stop(hup)
		ticker := time.NewTicker(pollInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				s.logFile.reopen()
			case <-ticker.C:
				if s.configFile != nil {
					s.configFile.check()
				}
			}
		}
	}()
	return nil
}

// Withdraw does nothing: the sidecar deregisters the app on its own SIGTERM.
func (s *sidecar) Withdraw(context.Context) error { return nil }

// Stop sends the queued business counters until ctx ends, then closes the log file.
func (s *sidecar) Stop(ctx context.Context) error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	var errs []error
	if s.counters != nil {
		errs = append(errs, s.counters.close(ctx))
	}
	s.client.CloseIdleConnections()
	if s.logFile != nil {
		errs = append(errs, s.logFile.Close())
	}
	return errors.Join(errs...)
}
