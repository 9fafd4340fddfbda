// The input rules of a business counter (spec/features.md metrics), checked the same in every mode.
package platform

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"sidecar-lab.dev/services/internal/httpapi"
)

var (
	counterName = regexp.MustCompile(`^[a-z][a-z0-9_]*_total$`)
	labelName   = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

const maxCounterLabels = 5

// CheckCounter is nil for a valid increment, else 400 validation_failed naming the field.
func CheckCounter(name string, value float64, labels map[string]string) error {
	if !counterName.MatchString(name) {
		return httpapi.Invalid("name", "must match ^[a-z][a-z0-9_]*_total$")
	}
	if value < 0 || math.IsNaN(value) || math.IsInf(value, 0) {
		return httpapi.Invalid("value", "must be a finite number >= 0")
	}
	if len(labels) > maxCounterLabels {
		return httpapi.Invalid("labels", fmt.Sprintf("at most %d labels", maxCounterLabels))
	}
	for label := range labels {
		if !labelName.MatchString(label) || strings.HasPrefix(label, "__") {
			return httpapi.Invalid("labels", fmt.Sprintf("label %q must be a Prometheus label name", label))
		}
	}
	return nil
}
