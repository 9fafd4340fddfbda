// Package hooks serves the /_scl/* conformance hooks (SCL_TEST_HOOKS=1): each drives a
// feature through the app the way the app itself uses it, whatever the mode.
package hooks

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"

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

// egress makes one outbound call and reports what it answered; the hook itself answers 200.
func (h hooks) egress(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	service, err := obj.String("service")
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	method, err := obj.String("method")
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	path, err := obj.String("path")
	if err != nil || !strings.HasPrefix(path, "/") {
		httpapi.WriteError(w, httpapi.Invalid("path", "must be a string starting with /"))
		return
	}
	var body io.Reader
	if value, present := obj["body"]; present {
		encoded, _ := json.Marshal(value)
		body = bytes.NewReader(encoded)
	}
	req, reqErr := http.NewRequestWithContext(r.Context(), strings.ToUpper(method), "http://"+service+path, body)
	if reqErr != nil {
		httpapi.WriteError(w, httpapi.Invalid("path", reqErr.Error()))
		return
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	headers, _ := obj["headers"].(map[string]any)
	for name, value := range headers {
		if s, ok := value.(string); ok {
			req.Header.Set(name, s)
		}
	}
	resp, callErr := h.platform.Client().Do(req)
	if callErr != nil {
		// mode none has no egress to synthesize an answer: report the failure as a 502
		httpapi.WriteJSON(w, http.StatusOK, map[string]any{"status": http.StatusBadGateway, "headers": map[string]string{}, "body": callErr.Error()})
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	flat := make(map[string]string, len(resp.Header))
	for name, values := range resp.Header {
		flat[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"status": resp.StatusCode, "headers": flat, "body": string(answer)})
}

// log writes count records (a flood when count is large) through the mode's logger.
func (h hooks) log(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	var level slog.Level
	name, err := obj.String("level")
	if err != nil || level.UnmarshalText([]byte(name)) != nil || !validLevel(name) {
		httpapi.WriteError(w, httpapi.Invalid("level", "must be debug, info, warn or error"))
		return
	}
	event, err := obj.String("event")
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	msg, err := obj.String("msg")
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	count := int64(1)
	if _, present := obj["count"]; present {
		if count, err = obj.ID("count"); err != nil || count > 100000 {
			httpapi.WriteError(w, httpapi.Invalid("count", "must be an integer from 1 to 100000"))
			return
		}
	}
	attrs := []slog.Attr{slog.String("event", event)}
	fields, _ := obj["fields"].(map[string]any)
	for key, value := range fields {
		attrs = append(attrs, fieldAttr(key, value))
	}
	logger := h.platform.Logger()
	for range count {
		logger.LogAttrs(r.Context(), level, msg, attrs...)
	}
	w.WriteHeader(http.StatusNoContent)
}

func validLevel(name string) bool {
	return name == "debug" || name == "info" || name == "warn" || name == "error"
}

// fieldAttr keeps a JSON number's kind: an integer literal is an integer, else a float.
func fieldAttr(key string, value any) slog.Attr {
	switch v := value.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return slog.Int64(key, i)
		}
		f, _ := v.Float64()
		return slog.Float64(key, f)
	case string:
		return slog.String(key, v)
	case bool:
		return slog.Bool(key, v)
	default:
		encoded, _ := json.Marshal(v)
		return slog.String(key, string(encoded))
	}
}

func (h hooks) metric(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	name, err := obj.String("name")
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	number, isNumber := obj["value"].(json.Number)
	value, convErr := number.Float64()
	if !isNumber || convErr != nil {
		httpapi.WriteError(w, httpapi.Invalid("value", "must be a number"))
		return
	}
	labels := map[string]string{}
	if raw, present := obj["labels"]; present {
		object, isObject := raw.(map[string]any)
		if !isObject {
			httpapi.WriteError(w, httpapi.Invalid("labels", "must be an object of strings"))
			return
		}
		for k, v := range object {
			s, isString := v.(string)
			if !isString {
				httpapi.WriteError(w, httpapi.Invalid("labels", "must be an object of strings"))
				return
			}
			labels[k] = s
		}
	}
	if err := h.platform.Count(r.Context(), name, value, labels); err != nil {
		httpapi.WriteError(w, err) // the platform names the offending field
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h hooks) config(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteJSON(w, http.StatusOK, h.platform.Config().Applied())
}
