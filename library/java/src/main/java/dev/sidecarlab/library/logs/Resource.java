// The OTLP resource every record is shipped under: service.name, service.instance.id, scl.mode, scl.lang.
package dev.sidecarlab.library.logs;

public record Resource(String service, String instanceId, String mode, String lang) {}
