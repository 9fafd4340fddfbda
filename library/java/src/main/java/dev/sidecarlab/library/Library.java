// The five features composed in-process: what a Java service links in library mode. Features start in the order
// config, metrics, logs, registry, egress and stop in reverse (spec/features.md).
package dev.sidecarlab.library;

import dev.sidecarlab.library.config.Config;
import dev.sidecarlab.library.config.Document;
import dev.sidecarlab.library.egress.Call;
import dev.sidecarlab.library.egress.Egress;
import dev.sidecarlab.library.egress.Reply;
import dev.sidecarlab.library.feature.Exchange;
import dev.sidecarlab.library.feature.Feature;
import dev.sidecarlab.library.feature.Features;
import dev.sidecarlab.library.logs.Logs;
import dev.sidecarlab.library.logs.Resource;
import dev.sidecarlab.library.metrics.Metrics;
import dev.sidecarlab.library.registry.Registry;
import dev.sidecarlab.library.registry.Resolver;
import dev.sidecarlab.library.settings.Settings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

public final class Library {
    /** Reported as the scl.lang resource attribute of logs. */
    public static final String LANG = "java";

    /**
     * @param advertiseHost what the registry advertises: SCL_HOST; advertisePort: SCL_PUBLIC_PORT
     * @param features the enabled features (SCL_FEATURES)
     * @param configDefaults in use as version 0 until a first good config
     */
    public record Options(
            String service,
            String instanceId,
            String mode,
            String controlPlaneUrl,
            String advertiseHost,
            int advertisePort,
            List<String> features,
            Settings settings,
            Document configDefaults) {}

    private final List<Feature> features;
    private final Metrics metrics;
    private final Config config;
    private final Logs logs;
    private final Registry registry;
    private final Egress egress;
    private final Document.Applied defaults;

    public Library(Options o) {
        List<String> on = o.features() == null ? Features.START_ORDER : o.features();
        defaults = new Document.Applied(0, o.configDefaults());
        // Features whose metrics are not exposed still count into a registry nobody scrapes.
        PrometheusRegistry prometheus = new PrometheusRegistry();
        List<Feature> composed = new ArrayList<>();
        metrics = on.contains(Features.METRICS) ? add(composed, new Metrics(prometheus)) : null;
        config = on.contains(Features.CONFIG)
                ? add(
                        composed,
                        new Config(
                                o.controlPlaneUrl(),
                                o.service(),
                                o.configDefaults(),
                                o.settings().config(),
                                prometheus))
                : null;
        if (on.contains(Features.LOGS)) {
            logs = add(
                    composed,
                    new Logs(
                            o.controlPlaneUrl(),
                            new Resource(o.service(), o.instanceId(), o.mode(), LANG),
                            o.settings(),
                            prometheus));
            logs.setLevel(o.configDefaults().logLevel());
            if (config != null)
                config.onChange(applied -> logs.setLevel(applied.document().logLevel()));
        } else {
            logs = null;
        }
        registry = on.contains(Features.REGISTRY)
                ? add(
                        composed,
                        new Registry(
                                o.controlPlaneUrl(),
                                new Registry.Instance(
                                        o.service(), o.instanceId(), o.advertiseHost(), o.advertisePort()),
                                o.settings().registry(),
                                prometheus))
                : null;
        if (on.contains(Features.EGRESS)) {
            Resolver resolver = new Resolver(o.controlPlaneUrl());
            egress = add(composed, new Egress(resolver::resolve, o.settings().egress(), prometheus));
            egress.onStop(resolver);
        } else {
            egress = null;
        }
        features = Features.inStartOrder(composed);
    }

    private static <F extends Feature> F add(List<Feature> features, F feature) {
        features.add(feature);
        return feature;
    }

    /** Writes log records through the logs feature (a logger that discards when it is off). */
    public Logger logger() {
        return logs != null ? logs.logger() : NOPLogger.NOP_LOGGER;
    }

    /** Calls a peer by service name; with egress off every call answers no_instance. */
    public Reply call(Call call) throws InterruptedException {
        return egress != null ? egress.call(call) : Egress.disabled(call);
    }

    /** The config in use. */
    public Document.Applied config() {
        return config != null ? config.current() : defaults;
    }

    /** Registers a listener called after each newly applied config. */
    public void onConfig(Consumer<Document.Applied> listener) {
        if (config != null) config.onChange(listener);
    }

    /** Adds to a business counter; without the metrics feature it does nothing. */
    public void count(String name, double value, Map<String, String> labels) {
        if (metrics != null) metrics.count(name, value, labels);
    }

    /** Serves /metrics; null when the metrics feature is off. */
    public Metrics metrics() {
        return metrics;
    }

    /** Lets every feature see one completed inbound request (the server's request hook calls it). */
    public void observe(Exchange exchange) {
        for (Feature f : features) f.observe(exchange);
    }

    /** Starts the features in order; on a failure it stops those already started. */
    public void start() throws Exception {
        for (int i = 0; i < features.size(); i++) {
            try {
                features.get(i).start();
            } catch (Exception e) {
                stopAll(features.subList(0, i), Duration.ofSeconds(5));
                throw new Exception("start " + features.get(i).name() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Leaves the registry now, before the server stops accepting, so peers stop sending first. Stop does it when
     * it was not done; without the registry feature it does nothing.
     */
    public void deregister(Duration limit) throws Exception {
        if (registry != null) registry.stop(limit);
    }

    /** Stops the features in reverse order; every feature is stopped even if one fails. */
    public void stop(Duration limit) throws Exception {
        stopAll(features, limit);
    }

    private static void stopAll(List<Feature> features, Duration limit) throws Exception {
        Exception first = null;
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).stop(limit);
            } catch (Exception e) {
                if (first == null)
                    first = new Exception("stop " + features.get(i).name() + ": " + e.getMessage(), e);
            }
        }
        if (first != null) throw first;
    }
}
