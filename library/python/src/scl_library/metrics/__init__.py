"""metrics: request counters and histograms, process figures, business counters, Prometheus text."""
