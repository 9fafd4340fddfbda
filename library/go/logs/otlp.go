// OTLP/HTTP JSON encoding of a batch (ExportLogsServiceRequest, spec/features.md "Export").
package logs

import (
	"encoding/json"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"sidecar-lab.dev/library/spec"
)

type exportRequest struct {
	ResourceLogs []resourceLogs `json:"resourceLogs"`
}

type resourceLogs struct {
	Resource  otlpResource `json:"resource"`
	ScopeLogs []scopeLogs  `json:"scopeLogs"`
}

type otlpResource struct {
	Attributes []keyValue `json:"attributes"`
}

type scopeLogs struct {
	Scope      scope       `json:"scope"`
	LogRecords []logRecord `json:"logRecords"`
}

type scope struct {
	Name string `json:"name"`
}

type logRecord struct {
	TimeUnixNano         string     `json:"timeUnixNano"`
	ObservedTimeUnixNano string     `json:"observedTimeUnixNano"`
	SeverityNumber       int        `json:"severityNumber"`
	SeverityText         string     `json:"severityText"`
	Body                 anyValue   `json:"body"`
	Attributes           []keyValue `json:"attributes"`
}

type keyValue struct {
	Key   string   `json:"key"`
	Value anyValue `json:"value"`
}

// anyValue sets exactly one field; intValue is a decimal string, as OTLP JSON encodes int64.
type anyValue struct {
	StringValue *string  `json:"stringValue,omitempty"`
	IntValue    *string  `json:"intValue,omitempty"`
	DoubleValue *float64 `json:"doubleValue,omitempty"`
	BoolValue   *bool    `json:"boolValue,omitempty"`
}

func stringValue(s string) anyValue { return anyValue{StringValue: &s} }
func intValue(i int64) anyValue {
	s := strconv.FormatInt(i, 10)
	return anyValue{IntValue: &s}
}

// levelName is the schema's lower-case level of a slog level.
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

// encodeBatch builds the request body for records of one resource.
func encodeBatch(res Resource, batch []record) ([]byte, error) {
	observed := strconv.FormatInt(time.Now().UnixNano(), 10)
	records := make([]logRecord, len(batch))
	for i, r := range batch {
		records[i] = toLogRecord(r)
		records[i].ObservedTimeUnixNano = observed
	}
	return json.Marshal(exportRequest{ResourceLogs: []resourceLogs{{
		Resource: otlpResource{Attributes: []keyValue{
			{"service.name", stringValue(res.Service)},
			{"service.instance.id", stringValue(res.InstanceID)},
			{"scl.mode", stringValue(res.Mode)},
			{"scl.lang", stringValue(res.Lang)},
		}},
		ScopeLogs: []scopeLogs{{Scope: scope{Name: spec.Contract.Logs.ScopeName}, LogRecords: records}},
	}}})
}

// toLogRecord maps the schema's fields: time and level to the record's own fields, msg to
// the body, and every other field to a typed attribute of the same key. A field named like a
// record field is dropped (the record's own value wins), and so is a value that is not a
// string, boolean or finite number (spec/features.md logs).
func toLogRecord(r record) logRecord {
	level := levelName(r.level)
	attrs := make([]keyValue, 0, len(r.attrs)+3)
	hasEvent := false
	for _, a := range r.attrs {
		switch a.Key {
		case "time", "level", "msg", "seq", "pid":
			continue
		case "event":
			if hasEvent || a.Value.Kind() != slog.KindString {
				continue // the first string event is the record's event
			}
			hasEvent = true
		}
		if value, ok := toAnyValue(a.Value); ok {
			attrs = append(attrs, keyValue{a.Key, value})
		}
	}
	if !hasEvent {
		attrs = append(attrs, keyValue{"event", stringValue(defaultEvent)})
	}
	attrs = append(attrs, keyValue{"seq", intValue(r.seq)}, keyValue{"pid", intValue(r.pid)})
	return logRecord{
		TimeUnixNano:   strconv.FormatInt(r.time.UnixNano(), 10),
		SeverityNumber: spec.Contract.Logs.SeverityNumbers[level],
		SeverityText:   strings.ToUpper(level),
		Body:           stringValue(r.msg),
		Attributes:     attrs,
	}
}

// defaultEvent names a record the app wrote without an event, which the schema requires.
const defaultEvent = "app.log"

// toAnyValue types a value by its Go kind: a float64 is a doubleValue even when it holds a
// whole number (TypeScript, with one number type, sends a whole number as an intValue).
func toAnyValue(v slog.Value) (anyValue, bool) {
	switch v.Kind() {
	case slog.KindString:
		return stringValue(v.String()), true
	case slog.KindInt64:
		return intValue(v.Int64()), true
	case slog.KindUint64:
		return anyValue{IntValue: ptr(strconv.FormatUint(v.Uint64(), 10))}, true
	case slog.KindFloat64:
		f := v.Float64()
		return anyValue{DoubleValue: &f}, !math.IsNaN(f) && !math.IsInf(f, 0)
	case slog.KindBool:
		return anyValue{BoolValue: ptr(v.Bool())}, true
	default: // durations, times and other values are not in the schema's field types
		return anyValue{}, false
	}
}

func ptr[T any](v T) *T { return &v }
