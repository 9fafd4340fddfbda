// Package config is the config feature: a blocking pull of the service's config document,
// validated against spec/config.schema.json, the last good one kept and handed to the app.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sidecar-lab.dev/library/spec"
)

// Document is spec/config.schema.json; an absent key is nil, so the document round-trips.
type Document struct {
	LogLevel       string  `json:"logLevel"`
	Banner         *string `json:"banner,omitempty"`
	MaxAmountCents *int64  `json:"maxAmountCents,omitempty"`
	PageSizeMax    *int64  `json:"pageSizeMax,omitempty"`
}

// Applied is a config in use; version 0 is the built-in defaults.
type Applied struct {
	Version  int64    `json:"version"`
	Document Document `json:"config"`
}

// Defaults returns the built-in document of a service (spec/config.defaults.json).
func Defaults(service string) (Document, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(spec.ConfigDefaultsJSON, &all); err != nil {
		return Document{}, err
	}
	raw, ok := all[service]
	if !ok {
		return Document{}, fmt.Errorf("config.defaults.json has no defaults for service %q", service)
	}
	return parseDocument(raw)
}

var schema = compileSchema()

func compileSchema() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec.ConfigSchemaJSON))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://sidecar-lab.dev/spec/config.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		panic(err)
	}
	return c.MustCompile(url)
}

// ErrSchema marks a document that parsed but does not match the schema.
var ErrSchema = errors.New("config does not match spec/config.schema.json")

// parseDocument validates raw JSON against the schema and decodes it. The schema counts 10.0
// as an integer, which encoding/json refuses for an int64, so numbers go through json.Number.
func parseDocument(raw []byte) (Document, error) {
	value, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return Document{}, err
	}
	return documentOf(value)
}

// documentOf validates a decoded value (numbers as json.Number) and reads it.
func documentOf(value any) (Document, error) {
	if err := schema.Validate(value); err != nil {
		return Document{}, fmt.Errorf("%w: %v", ErrSchema, err)
	}
	fields := value.(map[string]any) // the schema requires an object
	doc := Document{LogLevel: fields["logLevel"].(string)}
	if banner, ok := fields["banner"].(string); ok {
		doc.Banner = &banner
	}
	doc.MaxAmountCents = integerField(fields, "maxAmountCents")
	doc.PageSizeMax = integerField(fields, "pageSizeMax")
	return doc, nil
}

// integerField reads a number the schema already bounded to a small integer.
func integerField(fields map[string]any, key string) *int64 {
	n, ok := fields[key].(json.Number)
	if !ok {
		return nil
	}
	f, _ := n.Float64()
	i := int64(f)
	return &i
}
