package dev.sidecars.common.env;

import java.util.Objects;

/**
 * One environment variable, declared once: its name, type, default, description and whether
 * its value is a secret. The variable table in each image's doc ({@code docs/<image>.md}) is checked against these declarations.
 *
 * @param defaultValue the default as it would be written in the environment, or {@code null}
 *                     when there is none (then the setting is optional unless {@code required})
 */
public record Setting<T>(String name, ValueType<T> type, String defaultValue, boolean required,
                         boolean secret, String description) {

    public Setting {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(description);
        if (required && defaultValue != null) {
            throw new IllegalArgumentException(name + ": a required setting has no default");
        }
        if (defaultValue != null) {
            type.parse(defaultValue); // a declaration with a broken default is a programming error
        }
    }

    public static <T> Setting<T> optional(String name, ValueType<T> type, String defaultValue, String description) {
        return new Setting<>(name, type, defaultValue, false, false, description);
    }

    public static <T> Setting<T> required(String name, ValueType<T> type, String description) {
        return new Setting<>(name, type, null, true, false, description);
    }

    /** The same setting, with its value redacted in logs and error messages. */
    public Setting<T> asSecret() {
        return new Setting<>(name, type, defaultValue, required, true, description);
    }
}
