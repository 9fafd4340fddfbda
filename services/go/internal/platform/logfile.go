// The app's log file in sidecar mode: one JSON line per record (spec/log-line.schema.json).
//
// Each record is one write(2) with O_APPEND and no buffer in the process: a line the app
// logged is in the kernel once the call returns, so kill -9 loses nothing already logged
// (a power loss may, as nothing is fsynced). The price is a system call per record.
package platform

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// logFile appends to a path, and reopens it on SIGHUP after a rotation moved the file away.
type logFile struct {
	path string
	mu   sync.RWMutex
	file *os.File
}

func openLogFile(path string) (*logFile, error) {
	l := &logFile{path: path}
	if err := l.open(); err != nil {
		return nil, fmt.Errorf("open SCL_LOG_FILE: %w", err)
	}
	return l, nil
}

func (l *logFile) open() error {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	l.file = f
	return nil
}

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.file.Write(p)
}

// reopen follows a rotation by rename: logrotate moves the file away, then sends SIGHUP.
func (l *logFile) reopen() {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.file
	if err := l.open(); err != nil {
		l.file = old // keep writing where we can
		return
	}
	old.Close()
}

func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.file.Close()
}

// lineHandler is slog's JSON handler shaped into the schema's line: time in UTC with
// milliseconds, level in lower case, an event, and seq and pid added to every record that
// passed the level filter.
type lineHandler struct {
	inner slog.Handler
	seq   *atomic.Int64
	pid   slog.Attr
}

func newLineHandler(w *logFile, level *slog.LevelVar) *lineHandler {
	inner := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: schemaFields})
	return &lineHandler{inner: inner, seq: new(atomic.Int64), pid: slog.Int("pid", os.Getpid())}
}

func schemaFields(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		return slog.String(slog.TimeKey, a.Value.Time().UTC().Format("2006-01-02T15:04:05.000Z"))
	case slog.LevelKey:
		level, _ := a.Value.Any().(slog.Level)
		return slog.String(slog.LevelKey, levelName(level))
	}
	return a
}

// levelName maps slog's levels, custom ones included, onto the schema's four.
func levelName(level slog.Level) string {
	switch {
	case level < slog.LevelInfo:
		return "debug"
	case level < slog.LevelWarn:
		return "info"
	case level < slog.LevelError:
		return "warn"
	default:
		return "error"
	}
}

func (h *lineHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *lineHandler) Handle(ctx context.Context, r slog.Record) error {
	hasEvent := false
	r.Attrs(func(a slog.Attr) bool {
		hasEvent = a.Key == "event"
		return !hasEvent
	})
	if !hasEvent {
		r.AddAttrs(slog.String("event", "app.log"))
	}
	r.AddAttrs(slog.Int64("seq", h.seq.Add(1)), h.pid)
	return h.inner.Handle(ctx, r)
}

func (h *lineHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &lineHandler{inner: h.inner.WithAttrs(attrs), seq: h.seq, pid: h.pid}
}

// WithGroup nests as slog's JSON handler does; the schema wants flat fields, and the services
// use no groups.
func (h *lineHandler) WithGroup(name string) slog.Handler {
	return &lineHandler{inner: h.inner.WithGroup(name), seq: h.seq, pid: h.pid}
}
