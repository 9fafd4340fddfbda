// The one interface every feature implements (spec/features.md): start, observe a completed request, stop.
package dev.sidecarlab.library.feature;

import java.time.Duration;

public interface Feature {
    /** One of {@link Features#START_ORDER}. */
    String name();

    /** Acquires what the feature needs: register, first config pull, open the queue. */
    void start() throws Exception;

    /** Sees one completed inbound request; runs on the request thread, so it must be cheap. */
    default void observe(Exchange exchange) {}

    /** Releases what start acquired, within the given time. */
    void stop(Duration limit) throws Exception;
}
