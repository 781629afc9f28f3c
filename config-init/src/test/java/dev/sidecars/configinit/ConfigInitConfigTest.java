package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.testing.DocTables;
import org.junit.jupiter.api.Test;

class ConfigInitConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheImageDoc() {
        DocTables.assertDocMatches(ConfigInitConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigInitConfig.fromEnv(Map.of(
                "CONFIG_INIT_LOG_FORMAT", "xml",
                "CONFIG_INIT_LOG_LEVEL", "loud",
                "CONFIG_INIT_OUTPUT_MODE", "rwx",
                "CONFIG_INIT_ARRAYS", "concat",
                "CONFIG_INIT_WAIT_FOR", "tcp:db:5432,postgres:5432",
                "CONFIG_INIT_MAP", "Application.Environment")));
        assertEquals(6, e.problems().size(), e.getMessage());
        assertEquals(List.of(
                "CONFIG_INIT_OUTPUT_MODE: \"rwx\" is not an octal mode like 0644 (expected: an octal file mode, e.g. 0640 or 0755)",
                "CONFIG_INIT_ARRAYS: \"concat\" is not a known value (expected: one of replace, merge-by-index, append)",
                "CONFIG_INIT_WAIT_FOR: \"tcp:db:5432,postgres:5432\" item \"postgres:5432\" has no known scheme (expected: a comma-separated list, each item dns:name, tcp:host:port or an http:// or https:// URL)"),
                e.problems().subList(3, 6), e.getMessage());
    }

    @Test
    void shouldRequireAnOutputWhenThereIsSomethingToMerge() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigInitConfig.fromEnv(Map.of(
                "CONFIG_INIT_SOURCES", "/config/base.json")));
        assertEquals(List.of("CONFIG_INIT_OUTPUT: is required when sources, overrides or secrets are set (expected: a file system path)"), e.problems());
    }

    @Test
    void shouldTakeFormatsFromExtensionsOrPrefixes() {
        ConfigInitConfig c = ConfigInitConfig.fromEnv(Map.of(
                "CONFIG_INIT_SOURCES", "/config/base.json, yaml:/config/overrides.conf, toml:/config/app.conf",
                "CONFIG_INIT_OUTPUT", "/out/app.yml"));
        assertEquals(List.of(new ConfigInitConfig.Source(Path.of("/config/base.json"), null),
                new ConfigInitConfig.Source(Path.of("/config/overrides.conf"), Format.YAML),
                new ConfigInitConfig.Source(Path.of("/config/app.conf"), Format.TOML)), c.sources());
        assertEquals(Format.TOML, Format.fromFileName("app.TOML"));
        assertEquals(Format.YAML, c.outputFormat());
    }

    @Test
    void shouldRejectAnOutputWithoutAKnownFormat() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigInitConfig.fromEnv(Map.of(
                "CONFIG_INIT_OUTPUT", "/out/app.conf", "CONFIG_INIT_TEMPLATES", "/t")));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals(true, e.problems().get(0).startsWith("CONFIG_INIT_OUTPUT_FORMAT: cannot be taken from the extension of /out/app.conf"), e.getMessage());
    }

    @Test
    void shouldRejectAReadOnlyFormatAsOutput() {
        for (String output : List.of("/out/app.toml", "/out/app.ini")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigInitConfig.fromEnv(Map.of("CONFIG_INIT_OUTPUT", output)));
            assertEquals(List.of("CONFIG_INIT_OUTPUT_FORMAT: cannot be taken from the extension of " + output
                    + " (expected: json, yaml or properties, or an output ending .json, .yaml, .yml or .properties)"), e.problems());
        }
    }
}
