package dev.sidecars.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.admin.AdminServer;
import dev.sidecars.common.admin.Metrics;
import dev.sidecars.common.admin.Readiness;
import dev.sidecars.common.env.HostPort;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoggingTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Log log = Log.get(LoggingTest.class);

    @AfterEach
    void restoreLogging() throws IOException {
        LogManager.getLogManager().reset();
        LogManager.getLogManager().readConfiguration();
    }

    private List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "output ends mid-line: " + text);
        return text.lines().toList();
    }

    private JsonObject onlyJsonLine() {
        List<String> lines = lines();
        assertEquals(1, lines.size(), "expected one line: " + lines);
        return new JsonObject(lines.getFirst());
    }

    @Test
    void shouldWriteOneJsonLineWithTypedFields() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        Instant before = Instant.now();
        log.info("listening", "address", new HostPort("0.0.0.0", 9901), "tls", true, "port", 9901,
                "bytes", 5_000_000_000L, "ratio", 0.5, "share", 0.25f, "small", (short) 7, "nan", Double.NaN, "none", null, "paths", List.of("/a", "/b"), "limits", Map.of("max", 3));
        JsonObject line = onlyJsonLine();
        assertEquals("INFO", line.getString("level"));
        assertEquals(LoggingTest.class.getName(), line.getString("logger"));
        assertEquals("listening", line.getString("message"));
        Instant time = Instant.parse(line.getString("time"));
        assertFalse(time.isBefore(before.minusSeconds(1)), time + " is before " + before);
        assertEquals("0.0.0.0:9901", line.getString("address"));
        assertEquals(Boolean.TRUE, line.getValue("tls"));
        assertEquals(9901, line.getValue("port"));
        assertEquals(5_000_000_000L, line.getValue("bytes"));
        assertEquals(0.5, line.getValue("ratio"));
        assertEquals(0.25, line.getValue("share"));
        assertEquals(7, line.getValue("small"));
        assertEquals("NaN", line.getValue("nan")); // not a JSON number: written as text, the line stays valid
        assertTrue(line.containsKey("none"));
        assertEquals(null, line.getValue("none"));
        assertEquals(List.of("/a", "/b"), line.getJsonArray("paths").getList());
        assertEquals(3, line.getJsonObject("limits").getInteger("max"));
        assertEquals(List.of("time", "level", "logger", "message"), line.fieldNames().stream().limit(4).toList());
    }

    @Test
    void shouldEscapeQuotesNewlinesAndControlCharacters() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        String nasty = "say \"hi\"\nthen\\leave\r\t\u0001 é \u2028";
        log.warn(nasty, "field\"name", nasty);
        JsonObject line = onlyJsonLine();
        assertEquals("WARN", line.getString("level"));
        assertEquals(nasty, line.getString("message"));
        assertEquals(nasty, line.getString("field\"name"));
    }

    @Test
    void shouldWriteStackOnlyForUnexpectedErrors() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        log.error("boom", new IllegalStateException("bad state"), "component", "x");
        JsonObject line = onlyJsonLine();
        assertEquals("ERROR", line.getString("level"));
        assertEquals("java.lang.IllegalStateException: bad state", line.getString("error"));
        assertTrue(line.getString("stack").contains("\tat dev.sidecars.common.log.LoggingTest"), line.getString("stack"));
        out.reset();
        log.error("expected failure", "reason", "port taken");
        assertFalse(onlyJsonLine().containsKey("stack"));
    }

    @Test
    void shouldWriteTextFormat() {
        Logging.configure(LogFormat.TEXT, LogLevel.INFO, out);
        log.info("listening", "address", "0.0.0.0:9901", "tls", true);
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.getFirst();
        assertTrue(line.endsWith(" INFO  LoggingTest: listening address=0.0.0.0:9901 tls=true"), line);
        Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    @Test
    void shouldDropRecordsBelowLevel() {
        Logging.configure(LogFormat.JSON, LogLevel.WARN, out);
        log.info("not shown");
        log.debug("not shown either");
        log.warn("shown");
        assertEquals("shown", onlyJsonLine().getString("message"));
        assertFalse(log.isDebugEnabled());
        out.reset();
        Logging.configure(LogFormat.JSON, LogLevel.DEBUG, out);
        assertTrue(log.isDebugEnabled());
        log.debug("debug shown");
        assertEquals("DEBUG", onlyJsonLine().getString("level"));
    }

    @Test
    void shouldExpandParametersOfPlainJulRecord() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        // Vert.x's JUL delegate logs like this: a MessageFormat pattern with parameters.
        LogRecord record = new LogRecord(Level.WARNING, "Failed to bind {0} after {1} attempts");
        record.setLoggerName("io.vertx.core.net.impl.TCPServerBase");
        record.setParameters(new Object[] {"0.0.0.0:80", 3});
        Logger.getLogger("io.vertx.core.net.impl.TCPServerBase").log(record);
        JsonObject line = onlyJsonLine();
        assertEquals("Failed to bind 0.0.0.0:80 after 3 attempts", line.getString("message"));
        assertEquals("WARN", line.getString("level"));
        assertEquals("io.vertx.core.net.impl.TCPServerBase", line.getString("logger"));
    }

    @Test
    void shouldRouteNettyLogsToSameOutput() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        InternalLoggerFactory.getInstance("io.netty.test.Probe").warn("leak {} detected in {}", "LEAK-1", "pool");
        JsonObject line = onlyJsonLine();
        assertEquals("leak LEAK-1 detected in pool", line.getString("message"));
        assertEquals("io.netty.test.Probe", line.getString("logger"));
        assertEquals("WARN", line.getString("level"));
    }

    @Test
    void shouldHideThirdPartyDebugAtOurDebugLevel() {
        Logging.configure(LogFormat.JSON, LogLevel.DEBUG, out);
        InternalLoggerFactory.getInstance("io.netty.test.Probe").debug("noise");
        Logger.getLogger("io.vertx.core.Probe").fine("noise");
        assertEquals(List.of(), lines());
        Logging.configure(LogFormat.JSON, LogLevel.TRACE, out);
        InternalLoggerFactory.getInstance("io.netty.test.Probe").debug("detail");
        assertEquals("detail", onlyJsonLine().getString("message"));
    }

    @Test
    void shouldLogAdminAddressAsWritten() throws Exception {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (Metrics metrics = new Metrics("test", "1");
             AdminServer server = new AdminServer(vertx, metrics.registry(), new Readiness()).start(HostPort.parse("[::1]:0"))) {
            List<String> listening = lines().stream().filter(l -> l.contains("admin server listening")).toList();
            assertEquals(1, listening.size(), lines().toString());
            assertEquals("[::1]:" + server.port(), new JsonObject(listening.getFirst()).getString("address"));
        } catch (StartupException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback on this machine: " + e.getMessage());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void shouldRejectOddFieldList() {
        Logging.configure(LogFormat.JSON, LogLevel.INFO, out);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> log.info("x", "key"));
    }
}
