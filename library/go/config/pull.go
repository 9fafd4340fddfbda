// One blocking query on the config store and what its answer means.
package config

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Reasons an answer is not applied (scl_config_errors_total{reason}).
const (
	reasonFetch       = "fetch"
	reasonEmpty       = "empty"
	reasonInvalidJSON = "invalid_json"
	reasonSchema      = "schema"
)

// pullError is an answer that was not applied, with its metric reason.
type pullError struct {
	reason string
	err    error
}

func (e *pullError) Error() string { return e.reason + ": " + e.err.Error() }

// pull asks for the document, blocking while the store's index is still index (0: until a
// first document exists). It returns the good answer and the index to block on next.
func (c *Config) pull(ctx context.Context, index uint64) (Applied, uint64, error) {
	query := url.Values{
		"index": {strconv.FormatUint(index, 10)},
		"wait":  {strconv.FormatInt(c.settings.Wait.Milliseconds(), 10) + "ms"},
	}
	// the control plane holds the query for up to wait; give it slack to answer
	ctx, cancel := context.WithTimeout(ctx, c.settings.Wait*3/2+2*time.Second)
	defer cancel()
	endpoint := c.baseURL + "/v1/config/" + url.PathEscape(c.service) + "?" + query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return Applied{}, 0, &pullError{reasonFetch, err}
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return Applied{}, 0, &pullError{reasonFetch, err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Applied{}, 0, &pullError{reasonFetch, err}
	}
	if resp.StatusCode != http.StatusOK {
		return Applied{}, 0, &pullError{reasonFetch, fmt.Errorf("control plane answered %d", resp.StatusCode)}
	}
	applied, err := parseAnswer(body)
	if err != nil {
		return Applied{}, 0, err
	}
	next, err := strconv.ParseUint(resp.Header.Get("X-Scl-Index"), 10, 64)
	if err != nil {
		next = uint64(applied.Version)
	}
	return applied, next, nil
}

// parseAnswer reads {service, version, config} and classifies what is wrong with it:
// empty (no body, null, {}, no config or an empty one), invalid_json, or schema.
func parseAnswer(body []byte) (Applied, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return Applied{}, &pullError{reasonEmpty, errors.New("the answer has no body")}
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var parsed any
	if err := dec.Decode(&parsed); err != nil || dec.More() {
		return Applied{}, &pullError{reasonInvalidJSON, fmt.Errorf("the answer is not JSON: %v", err)}
	}
	if parsed == nil || isEmptyObject(parsed) {
		return Applied{}, &pullError{reasonEmpty, errors.New("the answer is empty")}
	}
	fields, ok := parsed.(map[string]any)
	if !ok {
		return Applied{}, &pullError{reasonSchema, errors.New("the answer is not an object")}
	}
	if cfg := fields["config"]; cfg == nil || isEmptyObject(cfg) {
		return Applied{}, &pullError{reasonEmpty, errors.New("the answer has no config")}
	}
	// a json.Number field would also take "2" from a string: read the decoded value instead
	number, _ := fields["version"].(json.Number)
	version, err := number.Int64()
	if err != nil || version < 1 || version > 1<<53-1 {
		return Applied{}, &pullError{reasonSchema, fmt.Errorf("version %v is not an integer >= 1", fields["version"])}
	}
	doc, err := documentOf(fields["config"])
	if err != nil {
		return Applied{}, &pullError{reasonSchema, err}
	}
	return Applied{Version: version, Document: doc}, nil
}

func isEmptyObject(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 0
}
