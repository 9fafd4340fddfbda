// Mode sidecar: the app links no library. It appends JSON lines to SCL_LOG_FILE, re-reads
// SCL_CONFIG_FILE when it changes, and calls peers through the ambassador at SCL_EGRESS_URL.
// Standard library only.
package platform

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/startenv"
)

// pollInterval is how often the config and log file paths are checked: a stat each, so
// cheap, and a change is in use within it (the spec allows 1 s).
const pollInterval = 20 * time.Millisecond

type sidecar struct {
	client  *http.Client
	config  *appconfig.Current
	level   *slog.LevelVar
	logFile *logFile
	logger  *slog.Logger
	watch   *configFile
	cancel  context.CancelFunc
	done    chan struct{}
}

func newSidecar(env startenv.Env, defaults appconfig.Document) (*sidecar, error) {
	logFile, err := openLogFile(env.LogFile)
	if err != nil {
		return nil, err
	}
	s := &sidecar{
		config:  appconfig.NewCurrent(defaults),
		level:   new(slog.LevelVar),
		logFile: logFile,
		client: withRequestID(rewrite{
			base:      func(service string) (string, error) { return env.EgressURL + "/" + service, nil },
			transport: peerTransport(),
		}),
	}
	s.logger = slog.New(newLineHandler(logFile, s.level))
	_ = s.level.UnmarshalText([]byte(defaults.LogLevel))
	s.watch = &configFile{path: env.ConfigFile, apply: s.apply}
	return s, nil
}

func (s *sidecar) apply(a appconfig.Applied) {
	_ = s.level.UnmarshalText([]byte(a.Document.LogLevel)) // ParseFile checked the level
	s.config.Set(a)
}

func (s *sidecar) Logger() *slog.Logger       { return s.logger }
func (s *sidecar) Client() *http.Client       { return s.client }
func (s *sidecar) Config() *appconfig.Current { return s.config }

// Count is a stub: the sidecar's local API for business metrics is not specified yet.
func (s *sidecar) Count(context.Context, string, float64, map[string]string) error { return nil }

func (s *sidecar) Routes(*http.ServeMux)               {}
func (s *sidecar) Wrap(next http.Handler) http.Handler { return next }

// Start reads the config file once (it may not exist yet: the defaults stay in use) and
// polls the config and log file paths from then on.
func (s *sidecar) Start(context.Context) error {
	s.watch.check()
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		ticker := time.NewTicker(pollInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				s.watch.check()
				s.logFile.reopenIfMoved()
			}
		}
	}()
	return nil
}

func (s *sidecar) Stop(context.Context) error {
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
	return s.logFile.Close()
}
