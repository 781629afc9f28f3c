package dev.sidecars.common.env;

import java.util.function.Function;

/**
 * How one environment variable's text becomes a typed value. {@link #parse} throws
 * {@link IllegalArgumentException} with a short reason; the caller adds the variable name
 * and the {@link #expected() expected format}.
 */
public interface ValueType<T> {

    /** A short type name for the image doc's variable table, e.g. {@code duration}. */
    String name();

    /** The expected format, shown with every error, e.g. {@code a number with a unit: 500ms, 10s, 5m}. */
    String expected();

    T parse(String text);

    /** The value as it should appear in logs and tables (the inverse of {@link #parse} where possible). */
    default String render(T value) {
        return String.valueOf(value);
    }

    static <T> ValueType<T> of(String name, String expected, Function<String, T> parser) {
        return of(name, expected, parser, String::valueOf);
    }

    static <T> ValueType<T> of(String name, String expected, Function<String, T> parser, Function<T, String> renderer) {
        return new ValueType<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public String render(T value) {
                return renderer.apply(value);
            }
        };
    }
}
