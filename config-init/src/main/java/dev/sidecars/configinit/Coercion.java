package dev.sidecars.configinit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Variables and secret files are text; a value for a key that the earlier layers hold as a number
 * or boolean becomes one when it parses, else the override is an error naming the key.
 */
final class Coercion {

    private Coercion() {
    }

    /** The typed value, or {@link IllegalArgumentException} with the reason (never the value: it may be a secret). */
    static Object coerce(String text, Object existing) {
        return switch (existing) {
            case Boolean b -> switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("is not a boolean (true or false) as the existing value is");
            };
            case Number n -> parseNumber(text);
            case Map<?, ?> m -> throw new IllegalArgumentException("is text, but the existing value is an object (set its keys with __)");
            case List<?> l -> throw new IllegalArgumentException("is text, but the existing value is an array (set its elements with __0__)");
            case null, default -> text;
        };
    }

    static Number parseNumber(String text) {
        try {
            BigDecimal d = new BigDecimal(text.strip());
            if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0 && !text.contains(".")) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException e) {
                    return d.toBigIntegerExact();
                }
            }
            return d.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is not a number as the existing value is");
        }
    }
}
