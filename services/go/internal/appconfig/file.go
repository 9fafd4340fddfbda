// Reading the config file the sidecar writes (spec/config-file.schema.json).
package appconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
)

// ParseFile reads {"version":N,"config":{...}}. The sidecar validated the document against
// the schema before writing it; this checks only what the app relies on.
func ParseFile(data []byte) (Applied, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var file struct {
		Version json.Number                `json:"version"`
		Config  map[string]json.RawMessage `json:"config"`
	}
	if err := dec.Decode(&file); err != nil {
		return Applied{}, fmt.Errorf("config file: %w", err)
	}
	version, ok := integer(file.Version)
	if !ok || version < 1 {
		return Applied{}, fmt.Errorf("config file: version %q is not an integer >= 1", file.Version)
	}
	var doc Document
	if err := json.Unmarshal(file.Config["logLevel"], &doc.LogLevel); err != nil ||
		!slices.Contains([]string{"debug", "info", "warn", "error"}, doc.LogLevel) {
		return Applied{}, fmt.Errorf("config file: logLevel is missing or invalid")
	}
	if raw, ok := file.Config["banner"]; ok {
		doc.Banner = new(string)
		if err := json.Unmarshal(raw, doc.Banner); err != nil {
			return Applied{}, fmt.Errorf("config file: banner: %w", err)
		}
	}
	var err error
	if doc.MaxAmountCents, err = integerField(file.Config, "maxAmountCents"); err != nil {
		return Applied{}, err
	}
	if doc.PageSizeMax, err = integerField(file.Config, "pageSizeMax"); err != nil {
		return Applied{}, err
	}
	return Applied{Version: version, Document: doc}, nil
}

// integerField reads an optional integer; 10.0 is one, as in JSON Schema.
func integerField(fields map[string]json.RawMessage, key string) (*int64, error) {
	raw, ok := fields[key]
	if !ok {
		return nil, nil
	}
	v, ok := integer(json.Number(bytes.TrimSpace(raw)))
	if !ok {
		return nil, fmt.Errorf("config file: %s is not an integer", key)
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
