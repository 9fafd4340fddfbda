// Mode library: the Java library's five features, in-process. The only file of the services that imports it.
package dev.sidecarlab.services.platform;

import dev.sidecarlab.library.config.Document;
import dev.sidecarlab.library.egress.Call;
import dev.sidecarlab.library.egress.Reply;
import dev.sidecarlab.library.feature.Exchange;
import dev.sidecarlab.library.metrics.BusinessError;
import dev.sidecarlab.library.metrics.Metrics;
import dev.sidecarlab.library.settings.Settings;
import dev.sidecarlab.services.appconfig.AppConfig;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.startenv.StartEnv;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

final class Library implements Platform {
    /** How long peers get to see the deregistration before the server stops accepting (start-contract.md). */
    private static final Duration DEREGISTRATION_PROPAGATION = Duration.ofMillis(250);

    private final dev.sidecarlab.library.Library lib;
    private final AppConfig config;

    Library(StartEnv env, AppConfig.Document defaults) {
        lib = new dev.sidecarlab.library.Library(new dev.sidecarlab.library.Library.Options(
                env.service(),
                env.instanceId(),
                env.mode(),
                env.controlPlaneUrl(),
                env.host(),
                env.publicPort(),
                env.features(),
                Settings.load(System::getenv),
                new Document(
                        defaults.logLevel(), defaults.banner(), defaults.maxAmountCents(), defaults.pageSizeMax())));
        config = new AppConfig(defaults);
        lib.onConfig(a -> config.set(new AppConfig.Applied(
                a.version(),
                new AppConfig.Document(
                        a.document().logLevel(),
                        a.document().banner(),
                        a.document().maxAmountCents(),
                        a.document().pageSizeMax()))));
    }

    @Override
    public Logger logger() {
        return lib.logger();
    }

    @Override
    public AppConfig config() {
        return config;
    }

    @Override
    public Peers.Answer call(Peers.Request r) throws InterruptedException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        if (headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("x-request-id"))
                && !r.requestId().isEmpty()) {
            headers.put("X-Request-Id", List.of(r.requestId()));
        }
        Reply reply = lib.call(new Call(r.service(), r.method(), r.pathAndQuery(), headers, r.body()));
        return new Peers.Answer(reply.status(), reply.headers(), reply.body());
    }

    /** A rejected count is 400 validation_failed on the field the library named. */
    @Override
    public void count(String name, double value, Map<String, String> labels) {
        try {
            lib.count(name, value, labels);
        } catch (BusinessError e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
    }

    @Override
    public void routes(Javalin app) {
        Metrics metrics = lib.metrics();
        if (metrics != null)
            app.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
    }

    @Override
    public void observe(Completed c) {
        lib.observe(new Exchange(c.route(), c.method(), c.status(), c.seconds(), c.requestId()));
    }

    @Override
    public void start() throws Exception {
        lib.start();
    }

    @Override
    public void withdraw(Duration limit) throws Exception {
        try {
            lib.deregister(limit);
        } finally {
            Thread.sleep(DEREGISTRATION_PROPAGATION.toMillis());
        }
    }

    @Override
    public void stop(Duration limit) throws Exception {
        lib.stop(limit);
    }
}
