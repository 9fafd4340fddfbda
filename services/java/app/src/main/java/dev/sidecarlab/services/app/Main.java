// Runs web, customers or payment (SCL_SERVICE) in mode none, library or sidecar (SCL_MODE) under
// spec/start-contract.md: environment, platform, routes, listen, start, /health, SIGTERM drain.
package dev.sidecarlab.services.app;

import dev.sidecarlab.library.settings.SettingsError;
import dev.sidecarlab.services.customers.Customers;
import dev.sidecarlab.services.hooks.Hooks;
import dev.sidecarlab.services.httpapi.AllowedMethods;
import dev.sidecarlab.services.httpapi.ApiError;
import dev.sidecarlab.services.httpapi.Json;
import dev.sidecarlab.services.httpapi.RequestIds;
import dev.sidecarlab.services.payment.Payments;
import dev.sidecarlab.services.platform.Platform;
import dev.sidecarlab.services.startenv.StartEnv;
import dev.sidecarlab.services.web.Web;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

public final class Main {
    /** Bounds both the in-flight requests and the features' stop at SIGTERM. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);
    /** Bounds the deregistration (and the wait for peers to see it) before the drain. */
    private static final Duration WITHDRAW_LIMIT = Duration.ofSeconds(3);
    /** Marks a request no route served: its route label is "other". */
    private static final String UNROUTED = "scl.unrouted";
    /** The process's own diagnostics (stderr), not app records. */
    private static final Logger DIAG = LoggerFactory.getLogger("scl-service");

    private Main() {}

    public static void main(String[] args) {
        StartEnv env;
        try {
            env = StartEnv.read(System::getenv);
        } catch (StartEnv.BadFlag e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(env));
        } catch (SettingsError e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            DIAG.error("the service failed to start", e);
            System.exit(1);
        }
    }

    private static int run(StartEnv env) throws Exception {
        java.nio.file.Files.createDirectories(env.dataDir());
        Platform platform = Platform.of(env);
        AtomicBoolean ready = new AtomicBoolean();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = false;
            config.http.prefer405over404 = true; // a path served with other methods is 405 with Allow
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(DRAIN_LIMIT.toMillis()); // in-flight requests finish on stop
                server.setStopAtShutdown(false); // the SIGTERM handler stops it, in the contract's order
            });
            config.jetty.modifyServletContextHandler(handler -> handler.insertHandler(new StatisticsHandler()));
            config.requestLogger.http((ctx, ms) -> {
                if (!dev.sidecarlab.library.feature.Exchange.observed(ctx.path())) return;
                platform.observe(new Platform.Completed(
                        routeOf(ctx), ctx.method().name(), ctx.statusCode(), ms / 1000.0, RequestIds.of(ctx)));
            });
        });
        app.before(RequestIds::assign);
        app.exception(ApiError.class, (e, ctx) -> Json.writeError(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            // no route for this path and method: the service error shape, route "other"
            ctx.attribute(UNROUTED, true);
            if (e.getStatus() == 405) {
                String allow =
                        String.join(", ", AllowedMethods.of(e.getDetails().values()));
                ctx.header("Allow", allow);
                Json.writeError(
                        ctx,
                        new ApiError(
                                405,
                                "method_not_allowed",
                                ctx.path() + " serves " + allow + ", not " + ctx.method(),
                                null));
                return;
            }
            Json.writeError(
                    ctx,
                    new ApiError(
                            e.getStatus(),
                            e.getStatus() == 413 ? "payload_too_large" : "not_found",
                            "no route " + ctx.method() + " " + ctx.path(),
                            null));
        });
        app.exception(Exception.class, (e, ctx) -> {
            platform.logger()
                    .atError()
                    .addKeyValue("event", "http.failure")
                    .addKeyValue("request_id", RequestIds.of(ctx))
                    .log(String.valueOf(e));
            Json.writeError(ctx, ApiError.INTERNAL);
        });
        app.get("/health", ctx -> {
            if (!ready.get()) {
                Json.write(ctx, 503, Map.of("status", "starting"));
                return;
            }
            Json.write(
                    ctx,
                    200,
                    Map.of("status", "ok", "configVersion", platform.config().version()));
        });
        AutoCloseable service = addService(env, platform, app);
        platform.routes(app);
        if (env.testHooks()) Hooks.routes(app, platform);

        CountDownLatch terminate = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> terminate.countDown());
        Signal.handle(new Signal("INT"), signal -> terminate.countDown());
        app.start(env.host(), env.privatePort());
        try {
            platform.start();
        } catch (Exception e) {
            DIAG.error("cannot start the features", e);
            app.stop();
            return 1;
        }
        ready.set(true);
        terminate.await();
        shutdown(app, platform);
        service.close();
        return 0;
    }

    /** Withdraws from the registry (library mode), stops accepting, finishes in-flight requests, stops the features. */
    private static void shutdown(Javalin app, Platform platform) {
        try {
            platform.withdraw(WITHDRAW_LIMIT);
        } catch (Exception e) {
            DIAG.warn("deregistering failed; the registry's TTL will expire the instance: {}", e.toString());
        }
        app.stop();
        try {
            platform.stop(DRAIN_LIMIT);
        } catch (Exception e) {
            DIAG.warn("a feature did not stop cleanly: {}", e.toString());
        }
    }

    /** The OpenAPI template Javalin matched ("/customers/{id}"), or "other". */
    private static String routeOf(Context ctx) {
        if (ctx.attribute(UNROUTED) != null) return "other";
        String path = ctx.endpointHandlerPath();
        return path == null || path.isEmpty() || path.equals("*") ? "other" : path;
    }

    private static AutoCloseable addService(StartEnv env, Platform platform, Javalin app) throws Exception {
        switch (env.service()) {
            case "customers" -> {
                Customers customers = new Customers(env.dataDir(), platform.config());
                customers.routes(app);
                return customers;
            }
            case "payment" -> {
                Payments payments = new Payments(env.dataDir(), platform);
                payments.routes(app);
                return payments;
            }
            default -> {
                new Web(platform).routes(app);
                return () -> {};
            }
        }
    }
}
