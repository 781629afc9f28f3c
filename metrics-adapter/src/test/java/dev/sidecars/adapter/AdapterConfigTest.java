package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.testing.DocTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldDocumentEveryVariableInTheImageDoc() {
        DocTables.assertDocMatches(AdapterConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_LOG_FORMAT", "xml",
                "ADAPTER_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldDefaultToTheFamilysPortsAndKubeletFriendlyTimeouts() {
        AdapterConfig config = AdapterConfig.fromEnv(Map.of("ADAPTER_HEALTH_CHECK", "http:/metrics"));
        assertEquals(new HostPort("0.0.0.0", 9400), config.listen());
        assertEquals(new HostPort("0.0.0.0", 9904), config.runtime().adminListen());
        assertEquals("http://127.0.0.1:8080/", config.upstream().toString());
        assertEquals("/health", config.endpoints().health().getFirst().path());
        assertEquals(Duration.ofMillis(800), config.checkTimeout());
        assertTrue(config.checkTimeout().compareTo(Duration.ofSeconds(1)) < 0, "below the kubelet's default probe timeout");
        assertEquals(Duration.ofSeconds(1), config.checkCache());
        assertEquals(List.of("http:/metrics"), config.endpoints().health().getFirst().checks().stream().map(CheckSpec::name).toList());
        assertFalse(config.servesNothing());
    }

    @Test
    void shouldStartWithNothingConfiguredButSaySo() {
        assertTrue(AdapterConfig.fromEnv(Map.of()).servesNothing());
    }

    @Test
    void shouldReportEveryEndpointProblemWithTheExpectedFormat() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_UPSTREAM", "ftp://app",
                "ADAPTER_HEALTH_CHECK", "http:/m;status=999",
                "ADAPTER_FORWARD", "/x")));
        String all = e.getMessage();
        assertEquals(3, e.problems().size(), all);
        assertTrue(all.contains("ADAPTER_UPSTREAM: \"ftp://app\" is not valid: \"ftp://app\" is not an http:// or https:// URL"
                + " (expected: " + UpstreamUrl.FORMAT + ")"), all);
        assertTrue(all.contains("ADAPTER_HEALTH_CHECK: \"http:/m;status=999\""), all);
        assertTrue(all.contains("ADAPTER_FORWARD: \"/x\""), all);
    }

    @Test
    void shouldReportEveryCrossSettingProblemAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_CHECK_TIMEOUT", "0s",
                "ADAPTER_JSON_URL", "/stats",
                "ADAPTER_STATIC_BODY", "hello",
                "ADAPTER_MAX_BODY", "10B")));
        String all = e.getMessage();
        assertEquals(4, e.problems().size(), all);
        assertTrue(all.contains("ADAPTER_CHECK_TIMEOUT: \"0s\" is out of range (expected a duration from 1ms to 1m, e.g. 800ms)"), all);
        assertTrue(all.contains("ADAPTER_JSON_URL and ADAPTER_JSON_MAPPING go together"), all);
        assertTrue(all.contains("ADAPTER_STATIC_PATH is not set"), all);
        assertTrue(all.contains("ADAPTER_MAX_BODY: \"10B\" is too small"), all);
    }

    @Test
    void shouldRejectTwoEndpointsOnOnePath() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_HEALTH_CHECK", "tcp:127.0.0.1:80",
                "ADAPTER_FORWARD", "/health=/metrics")));
        assertEquals(List.of("path /health is served by two endpoints (health, metrics, static and forwards need distinct paths;"
                + " expected e.g. ADAPTER_HEALTH_PATH=/healthz)"), e.problems());
    }

    @Test
    void shouldReportMappingFileErrorsWithTheirLocationAtStart() throws Exception {
        Path mapping = dir.resolve("mapping.yaml");
        Files.writeString(mapping, "metrics:\n- name: a\n  path: '{.a'\n- name: b\n");
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_JSON_URL", "/stats", "ADAPTER_JSON_MAPPING", mapping.toString())));
        assertEquals(List.of(
                "ADAPTER_JSON_MAPPING: " + mapping + ":3:9: metrics[0].path: '{' at position 0 is not closed in \"{.a\"",
                "ADAPTER_JSON_MAPPING: " + mapping + ":4:3: metrics[1]: path is required"), e.problems());
        ConfigException missing = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_JSON_URL", "/stats", "ADAPTER_JSON_MAPPING", dir.resolve("absent.yaml").toString())));
        assertTrue(missing.getMessage().contains("cannot read: no such file"), missing.getMessage());
    }

    @Test
    void shouldCountAnAppLogsLinesFromTwoVariables() {
        AdapterConfig config = AdapterConfig.fromEnv(Map.of(
                "ADAPTER_APP_LOG", "/shared/timecheck.log",
                "ADAPTER_APP_LOG_COUNT", "timecheck_total=Environment: .* time check, errors_total=level=(?<level>ERROR|WARN)"));
        Endpoints.LogFile log = config.endpoints().logs().getFirst();
        assertEquals("/metrics", log.path());
        assertEquals(Path.of("/shared/timecheck.log"), log.file());
        assertFalse(log.fromStart(), "history is not counted by default");
        assertEquals(Duration.ofSeconds(1), log.poll());
        assertEquals(List.of("timecheck_total", "errors_total"), log.counters().stream().map(LogCounterSpec::name).toList());
        assertEquals(List.of("level"), log.counters().get(1).labels());
    }

    @Test
    void shouldRejectAnAppLogWithoutCountersAndBadCountersWithTheExpectedFormat() throws Exception {
        Path mapping = dir.resolve("mapping.yaml");
        Files.writeString(mapping, JsonMapperTest.ES_MAPPING);
        ConfigException alone = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_APP_LOG", "/shared/app.log", "ADAPTER_APP_LOG_FROM", "start")));
        assertEquals(List.of("ADAPTER_APP_LOG and ADAPTER_APP_LOG_COUNT go together (expected both: the file, e.g. /shared/app.log,"
                + " and its counters, e.g. timecheck_total=time check)"), alone.problems());
        ConfigException bad = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_APP_LOG", "app.log", "ADAPTER_APP_LOG_COUNT", "timecheck=time check", "ADAPTER_APP_LOG_FROM", "middle")));
        assertEquals(3, bad.problems().size(), bad.getMessage());
        assertTrue(bad.getMessage().contains("ADAPTER_APP_LOG: \"app.log\" is not an absolute path (expected: an absolute file path"),
                bad.getMessage());
        assertTrue(bad.getMessage().contains("ADAPTER_APP_LOG_COUNT: \"timecheck=time check\" name \"timecheck\" is not a counter name"),
                bad.getMessage());
        assertTrue(bad.getMessage().contains("(expected: " + LogCounterSpec.FORMAT + ")"), bad.getMessage());
        assertTrue(bad.getMessage().contains("ADAPTER_APP_LOG_FROM: \"middle\""), bad.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_APP_LOG", "/shared/app.log", "ADAPTER_APP_LOG_COUNT", "a_total=x",
                "ADAPTER_JSON_URL", "/stats", "ADAPTER_JSON_MAPPING", mapping.toString())));
        assertTrue(twice.getMessage().contains("path /metrics is served by two endpoints"), twice.getMessage());
    }
}
