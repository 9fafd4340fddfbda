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

type answer struct {
	applied Applied
	index   uint64 // X-Scl-Index, 0 when absent
}

// pull asks for the document; index 0 answers at once, another index blocks up to wait.
func (c *Config) pull(ctx context.Context, index uint64) (answer, error) {
	query := url.Values{}
	if index > 0 {
		query.Set("index", strconv.FormatUint(index, 10))
		query.Set("wait", strconv.FormatFloat(c.settings.Wait.Seconds(), 'f', -1, 64)+"s")
	}
	// the control plane may hold the query for wait; allow it some slack to answer
	ctx, cancel := context.WithTimeout(ctx, c.settings.Wait+c.settings.Wait/2+time.Second)
	defer cancel()
	endpoint := c.baseURL + "/v1/config/" + url.PathEscape(c.service) + "?" + query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return answer{}, &pullError{reasonFetch, err}
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return answer{}, &pullError{reasonFetch, err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	a := answer{index: indexOf(resp)}
	if err != nil {
		return a, &pullError{reasonFetch, err}
	}
	if resp.StatusCode != http.StatusOK {
		return a, &pullError{reasonFetch, fmt.Errorf("control plane answered %d", resp.StatusCode)}
	}
	a.applied, err = parseAnswer(body)
	return a, err
}

func indexOf(resp *http.Response) uint64 {
	index, _ := strconv.ParseUint(resp.Header.Get("X-Scl-Index"), 10, 64)
	return index
}

// parseAnswer checks {service, version, config} and classifies what is wrong with it.
func parseAnswer(body []byte) (Applied, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return Applied{}, &pullError{reasonEmpty, errors.New("the answer is empty")}
	}
	var envelope struct {
		Version json.Number     `json:"version"`
		Config  json.RawMessage `json:"config"`
	}
	if err := json.Unmarshal(trimmed, &envelope); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return Applied{}, &pullError{reasonSchema, err}
		}
		return Applied{}, &pullError{reasonInvalidJSON, err}
	}
	version, err := envelope.Version.Int64()
	if err != nil || version < 1 {
		return Applied{}, &pullError{reasonSchema, fmt.Errorf("version %q is not an integer >= 1", envelope.Version)}
	}
	if len(envelope.Config) == 0 || string(envelope.Config) == "null" {
		return Applied{}, &pullError{reasonEmpty, errors.New("the answer has no config")}
	}
	doc, err := parseDocument(envelope.Config)
	if err != nil {
		return Applied{}, &pullError{reasonSchema, err}
	}
	return Applied{Version: version, Document: doc}, nil
}
