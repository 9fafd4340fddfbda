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

func TestTheConfigFileIsCheckedAgainstTheSchemaRules(t *testing.T) {
	good, err := ParseFile([]byte(`{"version":3,"config":{"logLevel":"warn","pageSizeMax":10.0}}`))
	if err != nil || good.Version != 3 || *good.Document.PageSizeMax != 10 {
		t.Fatalf("%+v %v", good, err)
	}
	for _, bad := range []string{
		`{"version":0,"config":{"logLevel":"info"}}`,
		`{"version":"2","config":{"logLevel":"info"}}`,
		`{"version":1,"config":{"logLevel":"loud"}}`,
		`{"version":1,"config":{"logLevel":"info","extra":1}}`,
		`{"version":1,"config":{"logLevel":"info","pageSizeMax":1001}}`,
		`{"version":1,"config":{"logLevel":"info","banner":5}}`,
		`{"version":1,"config":`,
	} {
		if _, err := ParseFile([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
