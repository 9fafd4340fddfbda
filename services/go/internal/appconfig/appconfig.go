// Package appconfig is the app's view of its config document (spec/config.schema.json): the
// version in use and the values the handlers read, with the built-in defaults under them.
package appconfig

//go:generate cp ../../../../spec/config.defaults.json .

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync/atomic"
)

//go:embed config.defaults.json
var defaultsJSON []byte

// Document has the fields of spec/config.schema.json; an absent key is nil. It has the
// layout of the library's config.Document, so one converts to the other.
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

// Defaults is the built-in document of a service (spec/config.defaults.json).
func Defaults(service string) (Document, error) {
	var all map[string]json.RawMessage // also holds a "$comment"
	if err := json.Unmarshal(defaultsJSON, &all); err != nil {
		return Document{}, err
	}
	raw, ok := all[service]
	if !ok {
		return Document{}, fmt.Errorf("config.defaults.json has no defaults for %q", service)
	}
	var doc Document
	return doc, json.Unmarshal(raw, &doc)
}

// Current holds the config in use for the handlers; a document missing a key falls back to
// the built-in default of that key.
type Current struct {
	defaults Document
	applied  atomic.Pointer[Applied]
}

// NewCurrent starts on the built-in defaults, version 0.
func NewCurrent(defaults Document) *Current {
	c := &Current{defaults: defaults}
	c.applied.Store(&Applied{Version: 0, Document: defaults})
	return c
}

func (c *Current) Set(a Applied)    { c.applied.Store(&a) }
func (c *Current) Applied() Applied { return *c.applied.Load() }
func (c *Current) Version() int64   { return c.applied.Load().Version }
func (c *Current) LogLevel() string { return c.applied.Load().Document.LogLevel }
func (c *Current) Banner() string   { return deref(c.applied.Load().Document.Banner, c.defaults.Banner) }
func (c *Current) MaxAmountCents() int64 {
	return deref(c.applied.Load().Document.MaxAmountCents, c.defaults.MaxAmountCents)
}
func (c *Current) PageSizeMax() int64 {
	return deref(c.applied.Load().Document.PageSizeMax, c.defaults.PageSizeMax)
}

func deref[T any](value, fallback *T) T {
	switch {
	case value != nil:
		return *value
	case fallback != nil:
		return *fallback
	}
	var zero T
	return zero
}
