// The HTTP client the features use to talk to the control plane.
package dev.sidecarlab.library.internal;

import java.net.http.HttpClient;
import java.time.Duration;

public final class ControlPlaneHttp {
    private ControlPlaneHttp() {}

    /**
     * HTTP/1.1 (the JDK would otherwise offer an h2c upgrade on every request), no redirects: a 3xx from the
     * control plane is an answer to judge, not a place to go. Each request sets its own timeout.
     */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }
}
