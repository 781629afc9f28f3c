package dev.sidecars.common.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.log.LogFormat;
import dev.sidecars.common.log.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvSchemaTest {

    static final Setting<List<String>> PATHS = Setting.required("TAILER_PATHS", ValueTypes.listOf(ValueTypes.STRING),
            "Files to follow.");
    static final Setting<Duration> POLL = Setting.optional("TAILER_POLL_INTERVAL", ValueTypes.DURATION, "1s",
            "How often to look for new files.");
    static final Setting<Long> MAX_LINE = Setting.optional("TAILER_MAX_LINE", ValueTypes.SIZE, "64KiB",
            "Longest line | kept whole.");
    static final Setting<Boolean> FOLLOW = Setting.optional("TAILER_FOLLOW", ValueTypes.BOOLEAN, null,
            "Follow rotated files.");
    static final Setting<HostPort> UPSTREAM = Setting.optional("TAILER_UPSTREAM", ValueTypes.ADDRESS, null,
            "Where to send lines.").asSecret();
    static final Setting<List<HostPort>> PEERS = Setting.optional("TAILER_PEERS",
            ValueTypes.listOf(ValueTypes.ADDRESS), null, "Peers.").asSecret();

    static final EnvSchema SCHEMA = new EnvSchema("TAILER_", List.of(PATHS, POLL, MAX_LINE, FOLLOW, UPSTREAM, PEERS));

    @Test
    void shouldReportEveryProblemAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> SCHEMA.parse(Map.of(
                "TAILER_PATHS", "/var/log/app.log",
                "TAILER_POLL_INTERVAL", "soon",
                "TAILER_MAX_LINE", "64kb",
                "TAILER_FOLLOW", "yes")));
        assertEquals(3, e.problems().size(), e.getMessage());
        List<String> names = List.of("TAILER_POLL_INTERVAL", "TAILER_MAX_LINE", "TAILER_FOLLOW");
        for (int i = 0; i < names.size(); i++) {
            String problem = e.problems().get(i);
            assertTrue(problem.startsWith(names.get(i) + ": "), problem);
            assertTrue(problem.contains("(expected: "), problem);
        }
        assertEquals("TAILER_POLL_INTERVAL: \"soon\" is not a duration (expected: " + ValueTypes.DURATION.expected() + ")",
                e.problems().getFirst());
        assertEquals(String.join("\n", e.problems()), e.getMessage());
    }

    @Test
    void shouldReportMissingRequiredVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> SCHEMA.parse(Map.of()));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().getFirst().startsWith("TAILER_PATHS: is required but not set (expected: "),
                e.problems().getFirst());
    }

    @ParameterizedTest(name = "secret value \"{0}\" is never echoed")
    @ValueSource(strings = {"hunter2", "exa mple.com:80", "[zz]:80", "good.example:1,bad h0st:80", "s3cr3t:99999", "hunter:pass w0rd"})
    void shouldNeverEchoSecretValueInErrors(String secret) {
        ConfigException e = assertThrows(ConfigException.class, () -> SCHEMA.parse(Map.of(
                "TAILER_PATHS", "/a",
                "TAILER_UPSTREAM", secret,
                "TAILER_PEERS", secret)));
        assertEquals(2, e.problems().size(), e.getMessage());
        for (String problem : e.problems()) {
            assertTrue(problem.contains("<redacted>"), problem);
            assertTrue(problem.contains("(expected: "), problem);
            for (String piece : secret.split("[,:\\[\\] ]")) {
                if (piece.length() >= 3) {
                    assertFalse(problem.contains(piece), "\"" + piece + "\" echoed in: " + problem);
                }
            }
        }
    }

    @Test
    void shouldStillShowExpectedFormatForInvalidSecret() {
        Setting<Integer> pin = Setting.optional("TAILER_PIN", ValueTypes.intRange(1000, 9999), null, "PIN.").asSecret();
        ConfigException e = assertThrows(ConfigException.class,
                () -> new EnvSchema("TAILER_", List.of(pin)).parse(Map.of("TAILER_PIN", "12")));
        assertEquals("TAILER_PIN: <redacted> is invalid (expected: a whole number from 1000 to 9999)",
                e.problems().getFirst());
    }

    @Test
    void shouldRedactSecretsInEffectiveConfig() {
        ParsedEnv env = SCHEMA.parse(Map.of(
                "TAILER_PATHS", "/a,/b",
                "TAILER_UPSTREAM", "collector.internal:5170",
                "TAILER_PEERS", "peer-one.internal:1"));
        Map<String, String> effective = env.effective();
        assertEquals("<redacted>", effective.get("TAILER_UPSTREAM"));
        assertEquals("<redacted>", effective.get("TAILER_PEERS"));
        assertFalse(effective.toString().contains("collector"), effective.toString());
        assertFalse(effective.toString().contains("peer-one"), effective.toString());
        assertEquals(new HostPort("collector.internal", 5170), env.get(UPSTREAM));
        assertEquals("/a,/b", effective.get("TAILER_PATHS"));
    }

    @Test
    void shouldApplyDefaults() {
        ParsedEnv env = SCHEMA.parse(Map.of("TAILER_PATHS", "/a"));
        assertEquals(Duration.ofSeconds(1), env.get(POLL));
        assertEquals(65536L, env.get(MAX_LINE));
        assertFalse(env.isSet(POLL));
        assertTrue(env.isSet(PATHS));
        assertNull(env.get(FOLLOW));
        assertTrue(env.optional(FOLLOW).isEmpty());
        assertEquals(Map.of("TAILER_PATHS", "/a", "TAILER_POLL_INTERVAL", "1s", "TAILER_MAX_LINE", "64KiB",
                "TAILER_FOLLOW", "", "TAILER_UPSTREAM", "", "TAILER_PEERS", ""), env.effective());
    }

    @Test
    void shouldUseValueFromEnvOverDefault() {
        ParsedEnv env = SCHEMA.parse(Map.of("TAILER_PATHS", "/a", "TAILER_POLL_INTERVAL", " 250ms "));
        assertEquals(Duration.ofMillis(250), env.get(POLL));
        assertTrue(env.isSet(POLL));
    }

    @ParameterizedTest(name = "\"{0}\" counts as unset")
    @ValueSource(strings = {"", " ", "\t"})
    void shouldTreatEmptyValueAsUnset(String blank) {
        ParsedEnv env = SCHEMA.parse(Map.of("TAILER_PATHS", "/a", "TAILER_POLL_INTERVAL", blank));
        assertEquals(Duration.ofSeconds(1), env.get(POLL));
        assertFalse(env.isSet(POLL));
        ConfigException e = assertThrows(ConfigException.class, () -> SCHEMA.parse(Map.of("TAILER_PATHS", blank)));
        assertTrue(e.problems().getFirst().contains("is required but not set"), e.getMessage());
    }

    @Test
    void shouldRejectSettingOfAnotherSchema() {
        ParsedEnv env = SCHEMA.parse(Map.of("TAILER_PATHS", "/a"));
        Setting<String> other = Setting.optional("TAILER_OTHER", ValueTypes.STRING, null, "x");
        assertThrows(IllegalArgumentException.class, () -> env.get(other));
    }

    @Test
    void shouldWarnAboutUnknownVariableNamingClosest() {
        List<String> warnings = SCHEMA.unknownVariables(Map.of(
                "TAILER_PATH", "/a",
                "TAILER_POL_INTERVAL", "1s",
                "TAILER_PATHS", "/a",
                "HOME", "/root",
                "OTHER_PATH", "x"));
        assertEquals(List.of(
                "unknown variable TAILER_PATH is ignored; did you mean TAILER_PATHS?",
                "unknown variable TAILER_POL_INTERVAL is ignored; did you mean TAILER_POLL_INTERVAL?"), warnings);
    }

    @ParameterizedTest(name = "service link {0} is ignored")
    @ValueSource(strings = {"TAILER_PORT", "TAILER_PORT_443_TCP", "TAILER_PORT_443_TCP_ADDR", "TAILER_SERVICE_HOST",
            "TAILER_SERVICE_PORT", "TAILER_SERVICE_PORT_HTTPS"})
    void shouldIgnoreServiceLinks(String name) {
        assertEquals(List.of(), SCHEMA.unknownVariables(Map.of(name, "tcp://10.0.0.1:443")));
    }

    @Test
    void shouldRejectDuplicateNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnvSchema("TAILER_", List.of(POLL, PATHS, POLL)));
        assertTrue(e.getMessage().contains("TAILER_POLL_INTERVAL"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is not a valid setting name")
    @ValueSource(strings = {"TAILER_PORT", "TAILER_ADMIN_PORT", "TAILER_PORT_8080", "TAILER_SERVICE_HOST", "TAILER_SERVICE_PORT_HTTP"})
    void shouldRejectNameShapedLikeServiceLink(String name) {
        Setting<Integer> s = Setting.optional(name, ValueTypes.INT, null, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnvSchema("TAILER_", List.of(s)));
        assertTrue(e.getMessage().contains("service links"), e.getMessage());
    }

    @Test
    void shouldRejectNameOutsidePrefix() {
        Setting<Integer> s = Setting.optional("EGRESS_X", ValueTypes.INT, null, "x");
        assertThrows(IllegalArgumentException.class, () -> new EnvSchema("TAILER_", List.of(s)));
    }

    @Test
    void shouldRejectDeclarationWithBrokenDefault() {
        assertThrows(IllegalArgumentException.class,
                () -> Setting.optional("TAILER_X", ValueTypes.DURATION, "10", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new Setting<>("TAILER_X", ValueTypes.DURATION, "10s", true, false, "x"));
    }

    @Test
    void shouldGenerateMarkdownTable() {
        EnvSchema schema = new EnvSchema("TAILER_", List.of(PATHS, MAX_LINE, FOLLOW, UPSTREAM));
        assertEquals("""
                | Variable | Type | Default | Description |
                |---|---|---|---|
                | `TAILER_PATHS` | list of string | **required** | Files to follow. |
                | `TAILER_MAX_LINE` | size | `64KiB` | Longest line \\| kept whole. |
                | `TAILER_FOLLOW` | boolean | — | Follow rotated files. |
                | `TAILER_UPSTREAM` | address | — | Where to send lines. Secret: redacted in logs. |
                """, EnvDocs.markdownTable(schema));
    }

    @Test
    void shouldExtractTheTableSectionOfOneImage() {
        String page = """
                # Images
                <!-- env:log-tailer -->
                | a |
                <!-- /env:log-tailer -->
                text
                <!-- env:log-tailer-2 -->
                | b |
                <!-- /env:log-tailer-2 -->
                """;
        assertEquals("| a |\n", EnvDocs.section(page, "log-tailer"));
        assertEquals("| b |\n", EnvDocs.section(page, "log-tailer-2"));
        assertNull(EnvDocs.section(page, "egress-proxy"));
        assertNull(EnvDocs.section("<!-- env:x -->\n| a |\n", "x"));
    }

    @Test
    void shouldIncludeRuntimeSettingsInImageSchema() {
        Image<ParsedEnv> image = new Image<>("log-tailer", "TAILER_",
                RuntimeSettings.longRunning("TAILER_", "0.0.0.0:9903"), List.of(PATHS), env -> env);
        List<String> names = image.schema().settings().stream().map(Setting::name).toList();
        assertEquals(List.of("TAILER_ADMIN_LISTEN", "TAILER_LOG_FORMAT", "TAILER_LOG_LEVEL", "TAILER_DRAIN_TIMEOUT",
                "TAILER_PATHS"), names);
        RuntimeSettings.Values values = image.runtime().read(image.load(Map.of("TAILER_PATHS", "/a")));
        assertEquals(new RuntimeSettings.Values(new HostPort("0.0.0.0", 9903), LogFormat.JSON, LogLevel.INFO,
                Duration.ofSeconds(25)), values);
        Image<ParsedEnv> init = new Image<>("config-init", "CONFIG_INIT_",
                RuntimeSettings.runToCompletion("CONFIG_INIT_"), List.of(), env -> env);
        assertEquals(2, init.schema().settings().size());
    }
}
