// Package hooks serves the /_scl/* conformance hooks (SCL_TEST_HOOKS=1): each drives a
// feature through the app the way the app itself uses it, whatever the mode.
package hooks

import (
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"slices"

	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/platform"
)

// Routes adds the hooks of spec/services.openapi.yaml.
func Routes(mux *http.ServeMux, p platform.Platform) {
	h := hooks{p}
	mux.HandleFunc("POST /_scl/egress", h.egress)
	mux.HandleFunc("POST /_scl/log", h.log)
	mux.HandleFunc("POST /_scl/metric", h.metric)
	mux.HandleFunc("GET /_scl/config", h.config)
}

type hooks struct{ platform platform.Platform }

func readObject(w http.ResponseWriter, r *http.Request) (httpapi.Object, bool) {
	body, err := httpapi.ReadBody(w, r)
	if err == nil {
		var obj httpapi.Object
		if obj, err = httpapi.DecodeObject(body); err == nil {
			return obj, true
		}
	}
	httpapi.WriteError(w, err)
	return nil, false
}

var (
	levels        = []string{"debug", "info", "warn", "error"}
	eventName     = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	reservedField = []string{"time", "level", "msg", "event", "seq", "pid"}
)

const maxLogCount = 100_000

// log writes count records (a flood when count is large) through the mode's logger.
func (h hooks) log(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	level, msg, attrs, count, err := readLogRequest(obj)
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	logger := h.platform.Logger()
	for range count {
		logger.LogAttrs(r.Context(), level, msg, attrs...)
	}
	w.WriteHeader(http.StatusNoContent)
}

func readLogRequest(obj httpapi.Object) (slog.Level, string, []slog.Attr, int64, *httpapi.Error) {
	name, _ := obj["level"].(string)
	var level slog.Level
	if !slices.Contains(levels, name) || level.UnmarshalText([]byte(name)) != nil {
		return 0, "", nil, 0, httpapi.Invalid("level", "must be one of debug, info, warn, error")
	}
	event, err := obj.String("event")
	if err == nil && (httpapi.Length(event) > 200 || !eventName.MatchString(event)) {
		err = httpapi.Invalid("event", "must be a dotted lower-case name such as payment.captured")
	}
	if err != nil {
		return 0, "", nil, 0, err
	}
	msg, err := obj.String("msg")
	if err == nil && httpapi.Length(msg) > 65536 {
		err = httpapi.Invalid("msg", "must be at most 65536 characters")
	}
	if err != nil {
		return 0, "", nil, 0, err
	}
	attrs := []slog.Attr{slog.String("event", event)}
	if raw, present := obj["fields"]; present {
		fields, isObject := raw.(map[string]any)
		if !isObject {
			return 0, "", nil, 0, httpapi.Invalid("fields", "must be an object")
		}
		for key, value := range fields {
			if slices.Contains(reservedField, key) {
				return 0, "", nil, 0, httpapi.Invalid("fields."+key, "is set by the logger and cannot be given")
			}
			attr, ok := fieldAttr(key, value)
			if !ok {
				return 0, "", nil, 0, httpapi.Invalid("fields."+key, "must be a string, number or boolean")
			}
			attrs = append(attrs, attr)
		}
	}
	count := int64(1)
	if _, present := obj["count"]; present {
		if count, err = obj.ID("count"); err != nil || count > maxLogCount {
			return 0, "", nil, 0, httpapi.Invalid("count", "must be an integer from 1 to 100000")
		}
	}
	return level, msg, attrs, count, nil
}

// fieldAttr types a JSON value as the spec does: a number that is a safe integer is an
// integer (10.0 included), any other number a float.
func fieldAttr(key string, value any) (slog.Attr, bool) {
	switch v := value.(type) {
	case json.Number:
		if i, ok := httpapi.Integer(v); ok && i >= -httpapi.MaxSafeInteger && i <= httpapi.MaxSafeInteger {
			return slog.Int64(key, i), true
		}
		f, err := v.Float64()
		return slog.Float64(key, f), err == nil
	case string:
		return slog.String(key, v), true
	case bool:
		return slog.Bool(key, v), true
	}
	return slog.Attr{}, false
}

// metric adds to a business counter; the input is checked in the order name, value, labels.
func (h hooks) metric(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	name, _ := obj["name"].(string) // not a string fails the name rule
	value := math.NaN()             // not a number fails the value rule
	if n, isNumber := obj["value"].(json.Number); isNumber {
		if f, err := n.Float64(); err == nil {
			value = f
		}
	}
	labels, labelsErr := stringMap(obj, "labels")
	err := platform.CheckCounter(name, value, labels)
	if err == nil && labelsErr != nil {
		err = labelsErr
	}
	if err == nil {
		err = h.platform.Count(r.Context(), name, value, labels)
	}
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// stringMap reads an optional object of strings.
func stringMap(obj httpapi.Object, field string) (map[string]string, error) {
	raw, present := obj[field]
	if !present {
		return nil, nil
	}
	object, isObject := raw.(map[string]any)
	if !isObject {
		return nil, httpapi.Invalid(field, "must be an object of strings")
	}
	values := make(map[string]string, len(object))
	for k, v := range object {
		s, isString := v.(string)
		if !isString {
			return nil, httpapi.Invalid(field, "must be an object of strings")
		}
		values[k] = s
	}
	return values, nil
}

func (h hooks) config(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteJSON(w, http.StatusOK, h.platform.Config().Applied())
}
