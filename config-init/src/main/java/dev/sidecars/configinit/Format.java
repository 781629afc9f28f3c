package dev.sidecars.configinit;

import java.util.Locale;

/** File formats config-init reads and writes; {@code AUTO} means "from the extension". */
enum Format {
    AUTO, JSON, YAML, PROPERTIES, INI, TOML;

    /** The structured format a file name's extension names, or null when it names none. */
    static Format fromFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YAML;
        }
        if (lower.endsWith(".properties")) {
            return PROPERTIES;
        }
        if (lower.endsWith(".ini")) {
            return INI; // read only: an INI output is a template's job
        }
        if (lower.endsWith(".toml")) {
            return TOML; // read only, as INI
        }
        return null;
    }
}
