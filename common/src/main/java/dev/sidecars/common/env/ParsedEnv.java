package dev.sidecars.common.env;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The typed values of a successfully parsed {@link EnvSchema}. */
public final class ParsedEnv {

    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Boolean> fromEnv;

    ParsedEnv(Map<Setting<?>, Object> values, Map<Setting<?>, Boolean> fromEnv) {
        this.values = values;
        this.fromEnv = fromEnv;
    }

    /** The value, or its default; {@code null} only for an optional setting without default that is not set. */
    public <T> T get(Setting<T> setting) {
        requireDeclared(setting);
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return value;
    }

    public <T> Optional<T> optional(Setting<T> setting) {
        return Optional.ofNullable(get(setting));
    }

    public boolean isSet(Setting<?> setting) {
        requireDeclared(setting);
        return fromEnv.get(setting);
    }

    private void requireDeclared(Setting<?> setting) {
        if (!fromEnv.containsKey(setting)) {
            throw new IllegalArgumentException(setting.name() + " is not declared in this schema");
        }
    }

    /** Every setting's effective value as text, secrets redacted: what start-up logs once. */
    public Map<String, String> effective() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> setting : fromEnv.keySet()) {
            out.put(setting.name(), render(setting));
        }
        return out;
    }

    private <T> String render(Setting<T> setting) {
        T value = get(setting);
        if (value == null) {
            return "";
        }
        return setting.secret() ? "<redacted>" : setting.type().render(value);
    }
}
