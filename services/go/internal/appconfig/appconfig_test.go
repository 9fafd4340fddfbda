package appconfig

import (
	"bytes"
	"os"
	"testing"
)

func TestTheEmbeddedDefaultsMatchTheRepositorySpec(t *testing.T) {
	original, err := os.ReadFile("../../../../spec/config.defaults.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(original, defaultsJSON) {
		t.Fatal("services/go/internal/appconfig/config.defaults.json differs from spec/: run go generate ./...")
	}
}

func TestAMissingKeyFallsBackToTheBuiltInDefault(t *testing.T) {
	defaults, err := Defaults("payment")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCurrent(defaults)
	c.Set(Applied{Version: 2, Document: Document{LogLevel: "warn"}})
	if c.MaxAmountCents() != 1000000 || c.Version() != 2 || c.LogLevel() != "warn" {
		t.Fatalf("max %d version %d level %s", c.MaxAmountCents(), c.Version(), c.LogLevel())
	}
}
