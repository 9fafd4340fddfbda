package dev.sidecarlab.services.appconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfigFileParserTest {
    private static AppConfig.Applied parse(String text) {
        return ConfigFileParser.parse(text.getBytes());
    }

    @Test
    void aGoodFileIsReadAndAMissingKeyFallsBackToItsDefault() {
        AppConfig.Applied a = parse("{\"version\":4,\"config\":{\"logLevel\":\"warn\",\"pageSizeMax\":10.0}}");
        assertEquals(4, a.version());
        assertEquals(10L, a.document().pageSizeMax());
        assertNull(a.document().maxAmountCents());
        AppConfig config = new AppConfig(new AppConfig.Document("info", null, 1_000_000L, null));
        config.set(a);
        assertEquals(1_000_000L, config.maxAmountCents());
    }

    @Test
    void theSchemaRulesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> parse("{\"version\":0,\"config\":{\"logLevel\":\"info\"}}"));
        assertThrows(
                IllegalArgumentException.class, () -> parse("{\"version\":\"2\",\"config\":{\"logLevel\":\"info\"}}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"version\":2,\"config\":{\"logLevel\":\"loud\"}}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("{\"version\":2,\"config\":{\"logLevel\":\"info\",\"other\":1}}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("{\"version\":2,\"config\":{\"logLevel\":\"info\",\"pageSizeMax\":1001}}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"version\":2,"));
    }
}
