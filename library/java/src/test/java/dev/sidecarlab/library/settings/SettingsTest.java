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
        SettingsError e = assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_EGRESS_MAX_ATTEMPTS", "2.5")::get));
        assertTrue(e.getMessage().startsWith("SCL_ERR_BAD_SETTING: SCL_EGRESS_MAX_ATTEMPTS"), e.getMessage());
        assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_LOGS_BATCH_MAX_RECORDS", "0")::get));
        assertThrows(SettingsError.class, () -> Settings.load(Map.of("SCL_CONFIG_WAIT_SECONDS", "soon")::get));
    }

    @Test
    void theDefaultsAreThoseOfFeaturesJson() {
        Settings s = Settings.defaults();
        assertEquals(256, s.logs().batchMaxRecords());
        assertEquals(Duration.ofMillis(25), s.egress().backoffBase());
    }
}
