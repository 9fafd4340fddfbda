// A rejected business count; field names the offending input (name, value, labels).
package dev.sidecarlab.library.metrics;

public final class BusinessError extends IllegalArgumentException {
    private final String field;

    public BusinessError(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
