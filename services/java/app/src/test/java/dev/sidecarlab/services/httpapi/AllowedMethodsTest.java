package dev.sidecarlab.services.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedMethodsTest {
    @Test
    void headGoesWithGet() {
        assertEquals(List.of("GET", "HEAD", "POST"), AllowedMethods.of(List.of("GET, POST")));
        assertEquals(List.of("POST"), AllowedMethods.of(List.of("POST")));
        assertEquals(List.of("GET", "HEAD"), AllowedMethods.of(List.of("GET,HEAD")));
    }
}
