// The scl_app_* metrics: this process, read from /proc/self at scrape time.
package dev.sidecarlab.library.metrics;

import dev.sidecarlab.library.spec.Spec;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

final class ProcessMetrics {
    /** USER_HZ and the page size of Linux on the machines the workbench runs on (getconf CLK_TCK, PAGESIZE). */
    private static final double TICKS_PER_SECOND = 100;

    private static final long PAGE_SIZE = 4096;

    private ProcessMetrics() {}

    static void register(PrometheusRegistry registry) {
        CounterWithCallback.builder()
                .name("scl_app_cpu_seconds_total")
                .help(Spec.help("scl_app_cpu_seconds_total"))
                .callback(cb -> {
                    List<String> stat = stat();
                    if (stat != null)
                        cb.call((Long.parseLong(stat.get(11)) + Long.parseLong(stat.get(12))) / TICKS_PER_SECOND);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("scl_app_resident_memory_bytes")
                .help(Spec.help("scl_app_resident_memory_bytes"))
                .callback(cb -> {
                    List<String> stat = stat();
                    if (stat != null) cb.call(Long.parseLong(stat.get(21)) * PAGE_SIZE);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("scl_app_open_fds")
                .help(Spec.help("scl_app_open_fds"))
                .callback(cb -> {
                    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                        cb.call(fds.count());
                    } catch (IOException e) {
                        // skip a value /proc cannot give rather than failing the scrape
                    }
                })
                .register(registry);
        double started = ProcessHandle.current()
                .info()
                .startInstant()
                .map(i -> i.toEpochMilli() / 1000.0)
                .orElse(Double.NaN);
        GaugeWithCallback.builder()
                .name("scl_app_start_time_seconds")
                .help(Spec.help("scl_app_start_time_seconds"))
                .callback(cb -> {
                    if (!Double.isNaN(started)) cb.call(started);
                })
                .register(registry);
    }

    /** The fields of /proc/self/stat after the command name, numbered as in proc(5) minus 3 (utime is index 11). */
    private static List<String> stat() {
        try {
            String text = Files.readString(Path.of("/proc/self/stat"));
            return List.of(text.substring(text.lastIndexOf(')') + 2).trim().split(" "));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
