"""scl_app_* for this process: prometheus_client's /proc reader, renamed to the spec's names."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.metrics_core import Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

# prometheus_client name -> spec/features.json name; the reader's other families are left out.
_RENAMES = {
    "process_cpu_seconds": "scl_app_cpu_seconds",
    "process_resident_memory_bytes": "scl_app_resident_memory_bytes",
    "process_open_fds": "scl_app_open_fds",
    "process_start_time_seconds": "scl_app_start_time_seconds",
}
_HELP = {
    "scl_app_cpu_seconds": "user and system CPU time of the app process",
    "scl_app_resident_memory_bytes": "resident set size of the app process",
    "scl_app_open_fds": "open file descriptors of the app process",
    "scl_app_start_time_seconds": "start time of the app process, Unix epoch seconds",
}


class AppProcessCollector(Collector):
    """Values are read from /proc/self at scrape time, as the spec asks."""

    def __init__(self) -> None:
        self._reader = ProcessCollector(registry=None)

    def collect(self) -> Iterable[Metric]:
        for family in self._reader.collect():
            new_name = _RENAMES.get(family.name)
            if new_name is None:
                continue
            renamed = Metric(new_name, _HELP[new_name], family.type)
            for sample in family.samples:
                renamed.add_sample(new_name + sample.name[len(family.name) :], sample.labels, sample.value)
            yield renamed
