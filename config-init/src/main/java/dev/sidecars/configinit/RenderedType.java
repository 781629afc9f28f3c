package dev.sidecars.configinit;

import dev.sidecars.common.env.ValueType;

/**
 * Value types whose values render back to what the user wrote, for the effective-configuration log
 * line. A class of its own so that the nested records of {@link ConfigInitConfig} can use it while
 * that class is still being initialised.
 */
final class RenderedType {

    private RenderedType() {
    }

    /** A value type that also renders its values for the effective-configuration log line. */
    static <T> ValueType<T> of(String name, String expected, java.util.function.Function<T, String> render,
                                          java.util.function.Function<String, T> parse) {
        return new ValueType<>() {
            @java.lang.Override
            public String name() {
                return name;
            }

            @java.lang.Override
            public String expected() {
                return expected;
            }

            @java.lang.Override
            public T parse(String text) {
                return parse.apply(text);
            }

            @java.lang.Override
            public String render(T value) {
                return render.apply(value);
            }
        };
    }
}
