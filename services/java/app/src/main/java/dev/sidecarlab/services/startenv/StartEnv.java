// The start contract's environment (spec/start-contract.md), parsed; a bad variable is SCL_ERR_BAD_FLAG.
package dev.sidecarlab.services.startenv;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * @param peers mode none, or sidecar without egress: service to base URL
 * @param features enabled features; none in mode none
 */
public record StartEnv(
        String service,
        String mode,
        String instanceId,
        int publicPort,
        int privatePort,
        String host,
        String controlPlaneUrl,
        Path dataDir,
        Path logFile,
        Path configFile,
        String egressUrl,
        String sidecarApiUrl,
        Map<String, String> peers,
        List<String> features,
        boolean testHooks) {

    /** SCL_ERR_BAD_FLAG: a missing or invalid variable, with what is valid. */
    public static final class BadFlag extends RuntimeException {
        public BadFlag(String message) {
            super("SCL_ERR_BAD_FLAG: " + message, null, false, false);
        }
    }

    private static final List<String> SERVICES = List.of("web", "customers", "payment");
    private static final List<String> MODES = List.of("none", "library", "sidecar");
    private static final List<String> FEATURES = List.of("metrics", "logs", "registry", "config", "egress");

    public boolean uses(String feature) {
        return features.contains(feature);
    }

    /** Parses the environment through lookup (System::getenv). */
    public static StartEnv read(Function<String, String> lookup) {
        Vars v = new Vars(lookup);
        String service = v.oneOf("SCL_SERVICE", SERVICES, "");
        String mode = v.oneOf("SCL_MODE", MODES, "");
        int publicPort = v.port("SCL_PUBLIC_PORT");
        String instanceId = v.required("SCL_INSTANCE_ID", "a unique name such as customers-1");
        String host = v.optional("SCL_HOST");
        if (host.isEmpty()) host = "127.0.0.1";
        boolean testHooks = v.oneOf("SCL_TEST_HOOKS", List.of("0", "1"), "0").equals("1");
        int privatePort = v.optional("SCL_PRIVATE_PORT").isEmpty() ? publicPort : v.port("SCL_PRIVATE_PORT");
        Path dataDir = v.path("SCL_DATA_DIR", "a folder the service owns");
        List<String> features = mode.equals("none") ? List.of() : v.features();
        String controlPlaneUrl = null, egressUrl = null, sidecarApiUrl = null;
        Path logFile = null, configFile = null;
        if (mode.equals("library")) controlPlaneUrl = v.url("SCL_CONTROLPLANE_URL", true);
        if (mode.equals("sidecar")) {
            if (features.contains("logs")) logFile = v.path("SCL_LOG_FILE", "a file path");
            if (features.contains("config")) configFile = v.path("SCL_CONFIG_FILE", "a file path");
            if (features.contains("egress")) egressUrl = v.url("SCL_EGRESS_URL", true);
            sidecarApiUrl = v.url("SCL_SIDECAR_API_URL", false);
        }
        // Mode sidecar with egress off, like mode none, calls SCL_PEERS with a plain client.
        Map<String, String> peers = mode.equals("none") || mode.equals("sidecar") && !features.contains("egress")
                ? v.peers(service.equals("web"))
                : Map.of();
        return new StartEnv(
                service,
                mode,
                instanceId,
                publicPort,
                privatePort,
                host,
                controlPlaneUrl,
                dataDir,
                logFile,
                configFile,
                egressUrl,
                sidecarApiUrl,
                peers,
                features,
                testHooks);
    }

    private record Vars(Function<String, String> lookup) {
        String optional(String name) {
            String value = lookup.apply(name);
            return value == null ? "" : value.trim();
        }

        String required(String name, String expected) {
            String value = optional(name);
            if (value.isEmpty()) throw new BadFlag(name + " is required; expected " + expected);
            return value;
        }

        String oneOf(String name, List<String> valid, String fallback) {
            String value = optional(name);
            if (value.isEmpty()) value = fallback;
            if (!valid.contains(value)) {
                if (value.isEmpty())
                    throw new BadFlag(name + " is required; valid values: " + String.join(", ", valid));
                throw new BadFlag(name + "=\"" + value + "\" is not valid; valid values: " + String.join(", ", valid));
            }
            return value;
        }

        int port(String name) {
            String raw = required(name, "a port, 1-65535");
            int p = raw.matches("^[0-9]{1,5}$") ? Integer.parseInt(raw) : -1;
            if (p < 1 || p > 65535) throw new BadFlag(name + "=\"" + raw + "\" is not valid; expected a port, 1-65535");
            return p;
        }

        Path path(String name, String expected) {
            return Path.of(required(name, expected)).toAbsolutePath();
        }

        String url(String name, boolean required) {
            String raw = optional(name);
            if (raw.isEmpty() && !required) return null;
            if (!isHttpUrl(raw)) throw new BadFlag(name + "=\"" + raw + "\" is not valid; expected an http(s):// URL");
            return raw.replaceAll("/+$", "");
        }

        /** SCL_FEATURES ("metrics,logs"); unset or empty means all five. */
        List<String> features() {
            String raw = optional("SCL_FEATURES");
            if (raw.isEmpty()) return FEATURES;
            List<String> names = new ArrayList<>();
            for (String part : raw.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) continue;
                if (!FEATURES.contains(name)) {
                    throw new BadFlag("SCL_FEATURES: unknown feature \"" + name + "\"; valid values: "
                            + String.join(", ", FEATURES));
                }
                if (!names.contains(name)) names.add(name);
            }
            return List.copyOf(names);
        }

        /** "customers=http://127.0.0.1:7101,payment=http://127.0.0.1:7102". */
        Map<String, String> peers(boolean required) {
            String expected = "service=http://host:port pairs separated by commas";
            String raw = optional("SCL_PEERS");
            if (required && raw.isEmpty()) throw new BadFlag("SCL_PEERS is required; expected " + expected);
            Map<String, String> peers = new LinkedHashMap<>();
            for (String pair : raw.split(",")) {
                if (pair.isBlank()) continue;
                String[] parts = pair.split("=", -1);
                if (parts.length != 2 || parts[0].isBlank() || !isHttpUrl(parts[1].trim())) {
                    throw new BadFlag("SCL_PEERS: \"" + pair + "\" is not valid; expected " + expected);
                }
                peers.put(parts[0].trim(), parts[1].trim().replaceAll("/+$", ""));
            }
            return peers;
        }

        private static boolean isHttpUrl(String raw) {
            try {
                URI u = new URI(raw);
                return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
