// Reading a JSON request body: 64 KiB at most, one JSON value, numbers kept exact.
package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// MaxBodyBytes is the largest body a service accepts (spec/services.openapi.yaml).
const MaxBodyBytes = 64 << 10

// ReadBody reads the whole body, or fails with 413 beyond MaxBodyBytes.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errTooLarge
	}
	return body, err
}

// Object is a decoded JSON object whose numbers are json.Number.
type Object map[string]any

// DecodeObject parses body as one JSON object; another JSON value is validation_failed.
func DecodeObject(body []byte) (Object, error) {
	value, err := Decode(body)
	if err != nil {
		return nil, err
	}
	return AsObject(value)
}

// AsObject is a decoded value as an Object, or validation_failed without a field.
func AsObject(value any) (Object, error) {
	obj, ok := value.(map[string]any)
	if !ok {
		return nil, errNotAnObject
	}
	return Object(obj), nil
}

// Decode parses body as exactly one JSON value, numbers as json.Number.
func Decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var value any
	if err := dec.Decode(&value); err != nil {
		return nil, errInvalidJSON
	}
	if _, err := dec.Token(); err != io.EOF { // trailing data after the value
		return nil, errInvalidJSON
	}
	return value, nil
}
