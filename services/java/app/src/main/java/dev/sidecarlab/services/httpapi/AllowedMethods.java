// The Allow header of a 405: the methods Javalin found for the path, with HEAD beside GET (RFC 9110).
package dev.sidecarlab.services.httpapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

public final class AllowedMethods {
    private AllowedMethods() {}

    /**
     * Javalin's MethodNotAllowedResponse carries the path's methods as one detail ("GET, POST"); Javalin answers HEAD
     * with a GET route, so HEAD is allowed wherever GET is.
     */
    public static List<String> of(Collection<String> details) {
        List<String> methods = new ArrayList<>();
        for (String detail : details) {
            Arrays.stream(detail.split(","))
                    .map(String::trim)
                    .filter(m -> !m.isEmpty() && !methods.contains(m))
                    .forEach(methods::add);
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) methods.add(methods.indexOf("GET") + 1, "HEAD");
        return methods;
    }
}
