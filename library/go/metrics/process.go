// The scl_app_* metrics: this process read from /proc/self at scrape time.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/procfs"

	"sidecar-lab.dev/library/spec"
)

type processCollector struct {
	cpu, rss, fds, start *prometheus.Desc
}

func newProcessCollector() *processCollector {
	desc := func(name string) *prometheus.Desc { return prometheus.NewDesc(name, spec.Help(name), nil, nil) }
	return &processCollector{
		cpu:   desc("scl_app_cpu_seconds_total"),
		rss:   desc("scl_app_resident_memory_bytes"),
		fds:   desc("scl_app_open_fds"),
		start: desc("scl_app_start_time_seconds"),
	}
}

func (c *processCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.cpu
	ch <- c.rss
	ch <- c.fds
	ch <- c.start
}

// Collect skips a value /proc cannot give rather than failing the whole scrape.
func (c *processCollector) Collect(ch chan<- prometheus.Metric) {
	self, err := procfs.Self()
	if err != nil {
		return
	}
	if stat, err := self.Stat(); err == nil {
		ch <- prometheus.MustNewConstMetric(c.cpu, prometheus.CounterValue, stat.CPUTime())
		ch <- prometheus.MustNewConstMetric(c.rss, prometheus.GaugeValue, float64(stat.ResidentMemory()))
		if started, err := stat.StartTime(); err == nil {
			ch <- prometheus.MustNewConstMetric(c.start, prometheus.GaugeValue, started)
		}
	}
	if fds, err := self.FileDescriptorsLen(); err == nil {
		ch <- prometheus.MustNewConstMetric(c.fds, prometheus.GaugeValue, float64(fds))
	}
}
