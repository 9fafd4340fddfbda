// A completed inbound request, as every feature sees it.
package dev.sidecarlab.library.feature;

/**
 * @param route the OpenAPI path template ({@code /customers/{id}}), or {@code other}
 * @param durationSeconds from the request's arrival to its answer
 */
public record Exchange(String route, String method, int status, double durationSeconds, String requestId) {

    /** /metrics, /health and /_scl/* are neither counted nor access-logged (spec/features.md). */
    public static boolean observed(String path) {
        return !path.equals("/metrics") && !path.equals("/health") && !path.startsWith("/_scl/");
    }
}
