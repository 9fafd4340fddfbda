package logs

import (
	"encoding/json"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestARecordBecomesTypedOTLPAttributes(t *testing.T) {
	at := time.Date(2026, 11, 28, 2, 22, 26, 123_000_000, time.UTC)
	body, err := encodeBatch(Resource{"payment", "payment-1", "library", "go"}, []record{{
		time: at, level: slog.LevelWarn, msg: "charged", seq: 7, pid: 42,
		attrs: []slog.Attr{
			slog.String("event", "payment.captured"),
			slog.Int("amount_cents", 1200),
			slog.Float64("ratio", 0.5),
			slog.Bool("replayed", false),
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"key":"service.name","value":{"stringValue":"payment"}}`,
		`{"key":"scl.lang","value":{"stringValue":"go"}}`,
		`"scope":{"name":"sidecar-lab"}`,
		`"timeUnixNano":"` + strconv.FormatInt(at.UnixNano(), 10) + `"`,
		`"severityNumber":13,"severityText":"WARN"`,
		`"body":{"stringValue":"charged"}`,
		`{"key":"amount_cents","value":{"intValue":"1200"}}`,
		`{"key":"ratio","value":{"doubleValue":0.5}}`,
		`{"key":"replayed","value":{"boolValue":false}}`,
		`{"key":"seq","value":{"intValue":"7"}}`,
		`{"key":"pid","value":{"intValue":"42"}}`,
	}
	for _, w := range want {
		if !strings.Contains(string(body), w) {
			t.Errorf("body lacks %s\n%s", w, body)
		}
	}
	if !json.Valid(body) {
		t.Fatal("body is not JSON")
	}
}

func TestARecordWithoutAnEventGetsTheDefaultOne(t *testing.T) {
	r := toLogRecord(record{time: time.Now(), level: slog.LevelInfo, msg: "x", seq: 1, pid: 1})
	if r.Attributes[0].Key != "event" || *r.Attributes[0].Value.StringValue != defaultEvent {
		t.Fatalf("attributes %+v", r.Attributes)
	}
}

func TestGroupsBecomeDottedKeys(t *testing.T) {
	attrs := appendFlat(nil, "", slog.Group("order", slog.Int("id", 3)))
	if len(attrs) != 1 || attrs[0].Key != "order.id" {
		t.Fatalf("attrs %+v", attrs)
	}
}

func TestReservedNamesAndNonScalarValuesAreDropped(t *testing.T) {
	r := toLogRecord(record{time: time.Now(), level: slog.LevelInfo, msg: "x", seq: 3, pid: 9, attrs: []slog.Attr{
		slog.String("event", "a.b"), slog.String("event", "c.d"), slog.Int("seq", 99), slog.String("msg", "no"),
		slog.Float64("bad", math.Inf(1)), slog.Duration("took", time.Second), slog.Any("obj", struct{}{}), slog.Int("ok", 1),
	}})
	var keys []string
	for _, kv := range r.Attributes {
		keys = append(keys, kv.Key)
	}
	if got := strings.Join(keys, ","); got != "event,ok,seq,pid" {
		t.Fatalf("attributes %s", got)
	}
	if *r.Attributes[0].Value.StringValue != "a.b" || *r.Attributes[2].Value.IntValue != "3" {
		t.Fatalf("record values lost: %+v", r.Attributes)
	}
}
