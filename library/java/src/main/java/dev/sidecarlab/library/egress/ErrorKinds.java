// The error kinds of spec/features.json egress.errorKinds.
package dev.sidecarlab.library.egress;

final class ErrorKinds {
    static final String UNKNOWN_SERVICE = "unknown_service";
    static final String NO_INSTANCE = "no_instance";
    static final String CIRCUIT_OPEN = "circuit_open";
    static final String TIMEOUT = "timeout";
    static final String CONNECT_ERROR = "connect_error";

    private ErrorKinds() {}
}
