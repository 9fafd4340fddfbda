package dev.sidecarlab.library.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void aKeyBecomesItsVariable() {
        assertEquals("SCL_EGRESS_TRY_TIMEOUT_SECONDS", Settings.envName("egress.tryTimeoutSeconds"));
        assertEquals("SCL_REGISTRY_TTL_SECONDS", Settings.envName("registry.ttlSeconds"));
    }

    @Test
    void anOverrideWinsAndABadOneNamesItsVariable() {
        Settings s = Settings.load(Map.of("SCL_REGISTRY_TTL_SECONDS", "2", "SCL_EGRESS_MAX_ATTEMPTS", "4")::get);
        assertEquals(Duration.ofSeconds(2), s.registry().ttl());
        assertEquals(4, s.egress().maxAttempts());
        SettingsError e =
                assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", "2.5")::get));
        assertTrue(e.getMessage().startsWith("SCL_ERR_BAD_SETTING: SCL_EGRESS_MAX_ATTEMPTS"), e.getMessage());
        assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_LOGS_BATCH_MAX_RECORDS", "0")::get));
        assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_CONFIG_WAIT_SECONDS", "soon")::get));
    }

    @Test
    void aValueIsADecimalNumberWhateverJavaWouldParse() {
        for (String refused : new String[] {
            "0x10", "0b1", "1_000", "\uff15", "inf", "NaN", "Infinity", "1d", "1f", "0x1p4", "1e999", "", " ", "\u00a05"
        }) {
            assertThrows(
                    SettingsError.class, () -> Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", refused)::get), refused);
        }
        assertEquals(
                3,
                Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", " \t3\t ")::get)
                        .egress()
                        .maxAttempts());
        assertEquals(
                1000,
                Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", "1e3")::get)
                        .egress()
                        .maxAttempts());
        assertEquals(
                3,
                Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", "3.0")::get)
                        .egress()
                        .maxAttempts());
        assertEquals(
                Duration.ofMillis(500),
                Settings.load(Map.of("SCL_REGISTRY_TTL_SECONDS", ".5")::get)
                        .registry()
                        .ttl());
    }

    @Test
    void theDefaultsAreThoseOfFeaturesJson() {
        Settings s = Settings.defaults();
        assertEquals(256, s.logs().batchMaxRecords());
        assertEquals(Duration.ofMillis(25), s.egress().backoffBase());
    }
}
