package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAnIntegerMayHaveAZeroFractionButNothingElse(t *testing.T) {
	cases := map[string]bool{"10": true, "10.0": true, "1e2": true, "-3": true, "10.5": false,
		"9007199254740993": true, "9007199254740991.4": false, "1e400": false}
	for text, want := range cases {
		t.Run(text, func(t *testing.T) {
			if _, got := Integer(json.Number(text)); got != want {
				t.Errorf("Integer(%s) = %v, want %v", text, got, want)
			}
		})
	}
}

func TestIntegerTextTakesDecimalDigitsOnly(t *testing.T) {
	for _, text := range []string{"", "abc", "0x10", " 5", "5 ", "+5", "1.0", "1e2", "-1"} {
		if _, ok := IntegerText(text); ok {
			t.Errorf("IntegerText(%q) accepted", text)
		}
	}
	if v, ok := IntegerText("20"); !ok || v != 20 {
		t.Fatal("20 refused")
	}
	if v, ok := IntegerText("00000000000000000007"); !ok || v != 7 {
		t.Fatal("leading zeros are decimal digits")
	}
	if v, ok := IntegerText("123456789012345678901234567890"); !ok || v <= MaxSafeInteger {
		t.Fatal("a number too large for int64 must read as out of range")
	}
}

func TestABodyWithTrailingDataIsInvalidJSON(t *testing.T) {
	for _, body := range []string{`{"a":1} x`, `{"a":`, ``, `{"a":1}{}`} {
		if _, err := Decode([]byte(body)); !errors.Is(err, errInvalidJSON) {
			t.Errorf("Decode(%q) = %v", body, err)
		}
	}
	if _, err := Decode([]byte(" {\"a\":1}\n")); err != nil {
		t.Fatal(err)
	}
}

func TestABodyThatIsNotAnObjectIsAValidationErrorWithoutField(t *testing.T) {
	for _, body := range []string{`[]`, `1`, `"x"`, `null`} {
		if _, err := DecodeObject([]byte(body)); err != errNotAnObject {
			t.Errorf("DecodeObject(%s) = %v", body, err)
		}
	}
}

func TestIDNamesTheFieldOfTheFirstProblem(t *testing.T) {
	obj, _ := DecodeObject([]byte(`{"customerId":"7","amountCents":0}`))
	if _, err := obj.ID("customerId"); err == nil || err.Field != "customerId" {
		t.Fatalf("a string id: %v", err)
	}
	if _, err := obj.ID("amountCents"); err == nil || err.Field != "amountCents" {
		t.Fatalf("zero: %v", err)
	}
	if _, err := obj.ID("missing"); err == nil || err.Field != "missing" {
		t.Fatalf("missing: %v", err)
	}
}

func TestLengthCountsCodePoints(t *testing.T) {
	if Length("😀é") != 2 {
		t.Fatal("length counts bytes or UTF-16 units")
	}
}

func TestAWrappedServiceErrorKeepsItsStatusAndCode(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"plain", Invalid("name", "required"), 400, "validation_failed"},
		{"wrapped", fmt.Errorf("reading the order: %w", NotFound("customer_id", "no such customer")), 404, "not_found"},
		{"joined", errors.Join(UpstreamFailed("payment answered 500"), errors.New("closing")), 502, "upstream_failed"},
		{"unexpected", errors.New("disk full"), 500, "internal_error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			WriteError(w, c.err)
			if w.Code != c.status || !strings.Contains(w.Body.String(), `"code":"`+c.code+`"`) {
				t.Fatalf("answered %d %s, want %d %s", w.Code, w.Body.String(), c.status, c.code)
			}
		})
	}
}
