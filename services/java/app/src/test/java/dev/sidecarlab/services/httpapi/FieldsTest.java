package dev.sidecarlab.services.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldsTest {
    @Test
    void aPathIntegerIgnoresLeadingZerosAndTooManyDigitsIsOutOfRange() {
        assertEquals(7, Fields.integerText("007"));
        assertEquals(1, Fields.integerText("00000000000000000000001"));
        assertEquals(Fields.MAX_SAFE_INTEGER, Fields.integerText("9007199254740991"));
        assertTrue(Fields.integerText("90071992547409910") > Fields.MAX_SAFE_INTEGER);
        assertEquals(Long.MAX_VALUE, Fields.integerText("123456789012345678901234567890"));
        assertEquals(-1, Fields.integerText("1.0"));
        assertEquals(-1, Fields.integerText("+1"));
        assertEquals(-1, Fields.integerText("\uff11"));
        assertEquals(-1, Fields.integerText(""));
    }

    @Test
    void blankMeansEcmaWhiteSpaceOnly() {
        assertFalse(Fields.notBlank(" \t\u00a0\u3000\ufeff\u2028"));
        // Character.isWhitespace calls U+001C a space; ECMA-262 does not, so it is a name
        assertTrue(Fields.notBlank("\u001c"));
        assertTrue(Fields.notBlank("\u0085"));
        assertTrue(Fields.notBlank(" a "));
    }
}
