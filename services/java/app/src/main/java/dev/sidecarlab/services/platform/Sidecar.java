// Mode sidecar: the app links no library. It appends JSON lines to SCL_LOG_FILE (reopened on SIGHUP), re-reads
// SCL_CONFIG_FILE when it changes, calls peers through the ambassador at SCL_EGRESS_URL, and sends business
// counters to the sidecar's local API.
package dev.sidecarlab.services.platform;

import ch.qos.logback.classic.Level;
import dev.sidecarlab.services.appconfig.AppConfig;
import dev.sidecarlab.services.startenv.StartEnv;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;
import sun.misc.Signal;

final class Sidecar implements Platform {
    /** How often the config file is checked: one stat, so cheap; a change is in use within it (the spec allows 1 s). */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final AppConfig config;
    private final LogFile logFile; // null with logs off
    private final Logger logger;
    private final ConfigFile configFile; // null with config off
    private final Peers peers;
    private final Counters counters; // null without the API or with metrics off
    private ScheduledExecutorService poller;

    Sidecar(StartEnv env, AppConfig.Document defaults) throws IOException {
        config = new AppConfig(defaults);
        if (env.logFile() != null) {
            logFile = new LogFile(env.logFile());
            logFile.logger().setLevel(Level.toLevel(defaults.logLevel()));
            logger = logFile.logger();
        } else {
            logFile = null;
            logger = NOPLogger.NOP_LOGGER;
        }
        configFile = env.configFile() != null ? new ConfigFile(env.configFile(), this::apply, this::reject) : null;
        peers = env.egressUrl() != null
                ? new Peers(service -> env.egressUrl() + "/" + service)
                : new Peers(env.peers()::get);
        counters = env.uses("metrics") && env.sidecarApiUrl() != null
                ? new Counters(env.sidecarApiUrl() + "/v1/metrics")
                : null;
    }

    private void apply(AppConfig.Applied a) {
        if (logFile != null)
            logFile.logger().setLevel(Level.toLevel(a.document().logLevel()));
        config.set(a);
        logger.atInfo()
                .addKeyValue("event", "config.applied")
                .addKeyValue("config_version", a.version())
                .log("config version in use");
    }

    private void reject(Exception e) {
        logger.atWarn()
                .addKeyValue("event", "config.rejected")
                .addKeyValue("config_version", config.version())
                .addKeyValue("detail", e.getMessage())
                .log("config file not applied, keeping the version in use");
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public AppConfig config() {
        return config;
    }

    @Override
    public Peers.Answer call(Peers.Request request) throws IOException, InterruptedException {
        return peers.call(request);
    }

    /** Checks the increment and hands it to the sidecar's local API; without the API it is dropped. */
    @Override
    public void count(String name, double value, Map<String, String> labels) {
        CounterRules.check(name, value, labels);
        if (counters != null) counters.send(name, value, labels);
    }

    /** Writes the access record of each request to the log file. */
    @Override
    public void observe(Completed c) {
        if (logFile == null) return;
        logger.atInfo()
                .addKeyValue("event", "http.request")
                .addKeyValue("request_id", c.requestId())
                .addKeyValue("http_route", c.route())
                .addKeyValue("http_method", c.method())
                .addKeyValue("http_status", (long) c.status())
                .addKeyValue("duration_seconds", c.seconds())
                .log("request completed");
    }

    /** Reads the config file once (the defaults stay until it exists), then polls it; SIGHUP reopens the log file. */
    @Override
    public void start() {
        if (logFile != null) Signal.handle(new Signal("HUP"), signal -> logFile.reopen());
        if (configFile == null) return;
        configFile.check();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scl-config-file");
            t.setDaemon(true);
            return t;
        });
        long period = POLL_INTERVAL.toMillis();
        poller.scheduleWithFixedDelay(configFile::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(Duration limit) throws InterruptedException {
        if (poller != null) poller.shutdownNow();
        if (counters != null) counters.close(limit);
        if (logFile != null) logFile.close();
    }
}
