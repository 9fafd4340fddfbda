// One outbound call as the app makes it: a service name and a path, not an address.
package dev.sidecarlab.library.egress;

import java.util.List;
import java.util.Map;

/**
 * @param pathAndQuery starts with "/", e.g. "/customers/7?x=1"
 * @param headers header name to values; the app puts x-request-id of the inbound request here
 * @param body null for none
 */
public record Call(
        String service, String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {}
