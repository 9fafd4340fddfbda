// The slog.Handler of the logs feature: level filter, then a numbered record into the queue.
package logs

import (
	"context"
	"log/slog"
	"slices"
)

type handler struct {
	logs   *Logs
	attrs  []slog.Attr // from WithAttrs, keys already prefixed by their groups
	prefix string      // from WithGroup: "group." prefixes, as the schema wants flat fields
}

func (h *handler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.logs.level.Level()
}

func (h *handler) Handle(_ context.Context, r slog.Record) error {
	attrs := make([]slog.Attr, 0, len(h.attrs)+r.NumAttrs())
	attrs = append(attrs, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		attrs = appendFlat(attrs, h.prefix, a)
		return true
	})
	h.logs.enqueue(r.Time, r.Level, r.Message, attrs)
	return nil
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	next := *h
	next.attrs = slices.Clip(h.attrs)
	for _, a := range attrs {
		next.attrs = appendFlat(next.attrs, h.prefix, a)
	}
	return &next
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	next := *h
	next.prefix = h.prefix + name + "."
	return &next
}

// appendFlat resolves a and flattens groups into dotted keys.
func appendFlat(attrs []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if a.Value.Kind() == slog.KindGroup {
		inner := prefix
		if a.Key != "" {
			inner = prefix + a.Key + "."
		}
		for _, g := range a.Value.Group() {
			attrs = appendFlat(attrs, inner, g)
		}
		return attrs
	}
	if a.Equal(slog.Attr{}) { // slog's rule: only an empty Attr is ignored; an empty key with a value is a field like any other
		return attrs
	}
	a.Key = prefix + a.Key
	return append(attrs, a)
}
