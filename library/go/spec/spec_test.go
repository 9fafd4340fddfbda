package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestEmbeddedFilesMatchTheRepositorySpec(t *testing.T) {
	embedded := map[string][]byte{
		"features.json":        FeaturesJSON,
		"config.schema.json":   ConfigSchemaJSON,
		"config.defaults.json": ConfigDefaultsJSON,
		"errors.json":          ErrorsJSON,
	}
	for name, data := range embedded {
		original, err := os.ReadFile(filepath.Join("..", "..", "..", "spec", name))
		if err != nil {
			t.Fatalf("read spec/%s: %v", name, err)
		}
		if !bytes.Equal(original, data) {
			t.Errorf("library/go/spec/%s differs from spec/%s: run `go generate ./spec` in library/go", name, name)
		}
	}
}

func TestTheContractDecodesWithEveryFeature(t *testing.T) {
	if len(Contract.Features) != 5 || len(Contract.Settings) == 0 || len(Contract.Metrics.HistogramBucketsSeconds) == 0 {
		t.Fatalf("features.json decoded incompletely: %+v", Contract)
	}
}
