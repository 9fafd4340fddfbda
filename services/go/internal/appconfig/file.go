// Reading the config file the sidecar writes (spec/config-file.schema.json).
package appconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"unicode/utf8"
)

// ParseFile reads {"version":N,"config":{...}} and checks the rules of
// spec/config.schema.json by hand: sidecar mode links no JSON Schema library.
func ParseFile(data []byte) (Applied, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var file struct {
		Version json.RawMessage            `json:"version"` // a json.Number would also take "2"
		Config  map[string]json.RawMessage `json:"config"`
	}
	if err := dec.Decode(&file); err != nil {
		return Applied{}, fmt.Errorf("config file: %w", err)
	}
	version, ok := integer(json.Number(file.Version))
	if !ok || version < 1 {
		return Applied{}, fmt.Errorf("config file: version %q is not an integer >= 1", file.Version)
	}
	for key := range file.Config {
		if !slices.Contains([]string{"logLevel", "banner", "maxAmountCents", "pageSizeMax"}, key) {
			return Applied{}, fmt.Errorf("config file: unknown key %q", key)
		}
	}
	var doc Document
	if err := json.Unmarshal(file.Config["logLevel"], &doc.LogLevel); err != nil ||
		!slices.Contains([]string{"debug", "info", "warn", "error"}, doc.LogLevel) {
		return Applied{}, fmt.Errorf("config file: logLevel is missing or invalid")
	}
	if raw, ok := file.Config["banner"]; ok {
		doc.Banner = new(string)
		if err := json.Unmarshal(raw, doc.Banner); err != nil || utf8.RuneCountInString(*doc.Banner) > 200 {
			return Applied{}, fmt.Errorf("config file: banner must be a string of at most 200 characters")
		}
	}
	var err error
	if doc.MaxAmountCents, err = integerField(file.Config, "maxAmountCents", 100000000); err != nil {
		return Applied{}, err
	}
	if doc.PageSizeMax, err = integerField(file.Config, "pageSizeMax", 1000); err != nil {
		return Applied{}, err
	}
	return Applied{Version: version, Document: doc}, nil
}

// integerField reads an optional integer from 1 to maximum; 10.0 is one, as in JSON Schema.
func integerField(fields map[string]json.RawMessage, key string, maximum int64) (*int64, error) {
	raw, ok := fields[key]
	if !ok {
		return nil, nil
	}
	v, ok := integer(json.Number(bytes.TrimSpace(raw)))
	if !ok || v < 1 || v > maximum {
		return nil, fmt.Errorf("config file: %s must be an integer from 1 to %d", key, maximum)
	}
	return &v, nil
}

func integer(n json.Number) (int64, bool) {
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}
