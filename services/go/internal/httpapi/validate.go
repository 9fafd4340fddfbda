// Field rules of spec/services.openapi.yaml, read from a decoded object.
package httpapi

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// MaxSafeInteger is 2^53-1, the largest integer of the spec.
const MaxSafeInteger = 1<<53 - 1

// Integer reads a JSON number that is an integer (10.0 is one, as in JSON Schema), exactly:
// big.Rat keeps 9007199254740993 and 1.5e0 from being rounded into integers.
func Integer(n json.Number) (int64, bool) {
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// digits is a path or query integer: decimal digits only (/customers/1.0 is refused), leading
// zeros allowed (007 is 7).
var digits = regexp.MustCompile(`^[0-9]+$`)

// IntegerText reads a path or query integer; one too large for int64 reads as MaxInt64, so
// the caller's range check refuses it.
func IntegerText(s string) (int64, bool) {
	if !digits.MatchString(s) {
		return 0, false
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return math.MaxInt64, true
	}
	return i, err == nil
}

// ID reads a required integer field between 1 and 2^53-1.
func (o Object) ID(field string) (int64, *Error) {
	raw, ok := o[field]
	if !ok {
		return 0, Invalid(field, "is required")
	}
	n, isNumber := raw.(json.Number)
	value, isInteger := Integer(n)
	if !isNumber || !isInteger {
		return 0, Invalid(field, "must be an integer")
	}
	if value < 1 || value > MaxSafeInteger {
		return 0, Invalid(field, "must be between 1 and 9007199254740991")
	}
	return value, nil
}

// String reads a required string field.
func (o Object) String(field string) (string, *Error) {
	raw, ok := o[field]
	if !ok {
		return "", Invalid(field, "is required")
	}
	s, ok := raw.(string)
	if !ok {
		return "", Invalid(field, "must be a string")
	}
	return s, nil
}

// Currency reads a required currency field.
func (o Object) Currency(field string) (string, *Error) {
	s, err := o.String(field)
	if err != nil {
		return "", err
	}
	if !slices.Contains([]string{"EUR", "USD", "GBP"}, s) {
		return "", Invalid(field, "must be one of EUR, USD, GBP")
	}
	return s, nil
}

// idempotencyKey is the IdempotencyKey schema: 1 to 255 printable ASCII characters, no space.
var idempotencyKey = regexp.MustCompile(`^[\x21-\x7E]{1,255}$`)

// ValidIdempotencyKey tells whether key matches the IdempotencyKey schema.
func ValidIdempotencyKey(key string) bool { return idempotencyKey.MatchString(key) }

// Length counts characters as JSON Schema does: code points, not bytes or UTF-16 units.
func Length(s string) int { return utf8.RuneCountInString(s) }
