// OTLP/HTTP JSON encoding of a batch (ExportLogsServiceRequest, spec/features.md "Export").
package logs

import (
	"encoding/json"
	"fmt"
	"log/slog"
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
	TimeUnixNano   string     `json:"timeUnixNano"`
	SeverityNumber int        `json:"severityNumber"`
	SeverityText   string     `json:"severityText"`
	Body           anyValue   `json:"body"`
	Attributes     []keyValue `json:"attributes"`
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
	records := make([]logRecord, len(batch))
	for i, r := range batch {
		records[i] = toLogRecord(r)
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
// the body, and every other field to a typed attribute of the same key.
func toLogRecord(r record) logRecord {
	level := levelName(r.level)
	attrs := make([]keyValue, 0, len(r.attrs)+3)
	hasEvent := false
	for _, a := range r.attrs {
		switch a.Key {
		case "time", "level", "msg", "seq", "pid":
			continue // reserved by the schema; the record's own values win
		case "event":
			hasEvent = true
		}
		attrs = append(attrs, keyValue{a.Key, toAnyValue(a.Value)})
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

func toAnyValue(v slog.Value) anyValue {
	switch v.Kind() {
	case slog.KindString:
		return stringValue(v.String())
	case slog.KindInt64:
		return intValue(v.Int64())
	case slog.KindUint64:
		return anyValue{IntValue: ptr(strconv.FormatUint(v.Uint64(), 10))}
	case slog.KindFloat64:
		return anyValue{DoubleValue: ptr(v.Float64())}
	case slog.KindBool:
		return anyValue{BoolValue: ptr(v.Bool())}
	case slog.KindDuration:
		return anyValue{DoubleValue: ptr(v.Duration().Seconds())}
	case slog.KindTime:
		return stringValue(v.Time().UTC().Format(time.RFC3339Nano))
	default:
		return stringValue(fmt.Sprint(v.Any()))
	}
}

func ptr[T any](v T) *T { return &v }
