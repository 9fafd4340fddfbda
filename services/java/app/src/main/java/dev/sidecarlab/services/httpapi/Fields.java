// Field rules of spec/services.openapi.yaml, read from a decoded object.
package dev.sidecarlab.services.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

public final class Fields {
    /** 2^53-1, the largest integer of the spec. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** A path or query integer: decimal digits only (/customers/1.0 is refused), leading zeros allowed (007 is 7). */
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    /**
     * ECMA-262's white space and line terminators, the \\s of the document's patterns (JSON Schema), as a character
     * class body: Java's \\s is ASCII only and Character.isWhitespace differs (U+001C is a space to it, U+00A0 is not).
     */
    public static final String ECMA_SPACE =
            "\\t\\n\\u000B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

    private static final Pattern NOT_SPACE = Pattern.compile("[^" + ECMA_SPACE + "]");
    /** The IdempotencyKey schema: 1 to 255 printable ASCII characters, no space. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    private Fields() {}

    /** A JSON number that is an integer (10.0 is one, as in JSON Schema), exactly; null when it is not. */
    public static BigDecimal integer(JsonNode node) {
        if (node == null || !node.isNumber()) return null;
        BigDecimal d = node.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? d : null;
    }

    /** A path or query integer, or -1; one too large for a long reads as Long.MAX_VALUE, so range checks refuse it. */
    public static long integerText(String s) {
        if (s == null || !DIGITS.matcher(s).matches()) return -1;
        BigInteger value = new BigInteger(s);
        return value.bitLength() < Long.SIZE ? value.longValueExact() : Long.MAX_VALUE;
    }

    /** The document's "\\S": at least one character that is not ECMA-262 white space. */
    public static boolean notBlank(String s) {
        return NOT_SPACE.matcher(s).find();
    }

    /** A required integer field between 1 and 2^53-1. */
    public static long id(ObjectNode obj, String field) {
        JsonNode raw = obj.get(field);
        if (raw == null) throw ApiError.invalid(field, "is required");
        BigDecimal value = integer(raw);
        if (value == null) throw ApiError.invalid(field, "must be an integer");
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            throw ApiError.invalid(field, "must be between 1 and 9007199254740991");
        }
        return value.longValueExact();
    }

    /** A required string field. */
    public static String string(ObjectNode obj, String field) {
        JsonNode raw = obj.get(field);
        if (raw == null) throw ApiError.invalid(field, "is required");
        if (!raw.isTextual()) throw ApiError.invalid(field, "must be a string");
        return raw.textValue();
    }

    public static String currency(ObjectNode obj, String field) {
        String s = string(obj, field);
        if (!CURRENCIES.contains(s)) throw ApiError.invalid(field, "must be one of EUR, USD, GBP");
        return s;
    }

    public static boolean validIdempotencyKey(String key) {
        return key != null && IDEMPOTENCY_KEY.matcher(key).matches();
    }

    /** Counts characters as JSON Schema does: code points, not UTF-16 units. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
