// Package spec embeds the contract files of the repository's spec/ folder that the library reads at run time.
//
// An embed directive cannot reach outside the module, so the files are copies; `go generate` refreshes
// them and TestEmbeddedFilesMatchTheRepositorySpec fails when a copy has drifted.
package spec

//go:generate cp ../../../spec/features.json ../../../spec/config.schema.json ../../../spec/config.defaults.json ../../../spec/errors.json .

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed features.json
var FeaturesJSON []byte

//go:embed config.schema.json
var ConfigSchemaJSON []byte

//go:embed config.defaults.json
var ConfigDefaultsJSON []byte

//go:embed errors.json
var ErrorsJSON []byte

// Setting is one entry of features.json "settings".
type Setting struct {
	Type        string  `json:"type"` // "integer" or "number"
	Default     float64 `json:"default"`
	Min         float64 `json:"min"`
	Description string  `json:"description"`
}

// Metric is one entry of features.json "metrics.names".
type Metric struct {
	Feature string   `json:"feature"`
	Type    string   `json:"type"`
	Labels  []string `json:"labels"`
	Help    string   `json:"help"`
}

// ErrorKind is one entry of features.json "egress.errorKinds".
type ErrorKind struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
}

// Features is features.json, decoded.
type Features struct {
	Version  int                `json:"version"`
	Features []string           `json:"features"`
	Settings map[string]Setting `json:"settings"`
	Metrics  struct {
		HistogramBucketsSeconds []float64         `json:"histogramBucketsSeconds"`
		Names                   map[string]Metric `json:"names"`
	} `json:"metrics"`
	Egress struct {
		IdempotentMethods []string             `json:"idempotentMethods"`
		RetryableStatuses []int                `json:"retryableStatuses"`
		ErrorKinds        map[string]ErrorKind `json:"errorKinds"`
	} `json:"egress"`
	Logs struct {
		SeverityNumbers map[string]int `json:"severityNumbers"`
		ScopeName       string         `json:"scopeName"`
	} `json:"logs"`
}

// Contract is features.json, decoded once at start-up; the embedded file is known to parse
// (TestEmbeddedFilesMatchTheRepositorySpec), so a failure here is a build defect.
var Contract = mustDecode[Features](FeaturesJSON)

// Catalogue is errors.json, decoded: code -> {status, message}.
type Catalogue struct {
	Service  map[string]CatalogueEntry `json:"service"`
	Platform map[string]CatalogueEntry `json:"platform"`
}

// CatalogueEntry is one error of errors.json.
type CatalogueEntry struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// Errors is errors.json, decoded once at start-up.
var Errors = mustDecode[Catalogue](ErrorsJSON)

// Help returns the help text of a metric named in features.json.
func Help(metricName string) string {
	m, ok := Contract.Metrics.Names[metricName]
	if !ok {
		panic(fmt.Sprintf("spec: metric %q is not in features.json", metricName))
	}
	return m.Help
}

func mustDecode[T any](data []byte) T {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		panic(fmt.Sprintf("spec: embedded file does not parse: %v", err))
	}
	return v
}
