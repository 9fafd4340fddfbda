// The mode seam: what each mode (none, library, sidecar) puts beside the business logic. Handlers see only this
// interface, never the mode.
package dev.sidecarlab.services.platform;

import dev.sidecarlab.services.appconfig.AppConfig;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

public interface Platform {
    /** A completed inbound request, as the mode observes it (metrics, access records). */
    record Completed(String route, String method, int status, double seconds, String requestId) {}

    /** Writes the app's log records (discarded in mode none). */
    Logger logger();

    /** Calls a peer by service name; a call that cannot be made at all is an IOException. */
    Peers.Answer call(Peers.Request request) throws java.io.IOException, InterruptedException;

    /** The config in use. */
    AppConfig config();

    /** Adds to a business counter; bad input is an ApiError naming the field. */
    void count(String name, double value, Map<String, String> labels);

    /** Adds the mode's own routes (library: /metrics). */
    default void routes(Javalin app) {}

    /** Sees every completed request that is counted (not /metrics, /health, /_scl/*). */
    default void observe(Completed request) {}

    /** Runs once the server listens. */
    void start() throws Exception;

    /**
     * Runs on SIGTERM before the server stops accepting: library mode deregisters and gives peers' registry
     * watches a moment to see it. Modes none and sidecar do nothing (the sidecar deregisters on its own SIGTERM).
     */
    default void withdraw(Duration limit) throws Exception {}

    /** Runs once the server has drained. */
    void stop(Duration limit) throws Exception;

    /** Builds the platform of the mode. */
    static Platform of(dev.sidecarlab.services.startenv.StartEnv env) throws Exception {
        AppConfig.Document defaults = AppConfig.defaults(env.service());
        return switch (env.mode()) {
            case "library" -> new Library(env, defaults);
            case "sidecar" -> new Sidecar(env, defaults);
            default -> new None(env, defaults);
        };
    }
}
