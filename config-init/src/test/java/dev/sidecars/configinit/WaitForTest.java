package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real servers on 127.0.0.1, port 0: ones that come up late, ones that never do, HTTP statuses. */
class WaitForTest {

    private final WaitFor waitFor = new WaitFor();

    /** A port that was free a moment ago; nothing listens on it until the test binds it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldWaitForATcpPortThatComesUpLate() throws Exception {
        int port = freePort();
        CompletableFuture<ServerSocket> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(700);
                return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            waitFor.awaitAll(List.of(WaitTarget.parse("tcp:127.0.0.1:" + port)), Duration.ofSeconds(30));
        } finally {
            late.get(30, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void shouldNameTheTargetThatNeverCameUp() throws Exception {
        int port = freePort();
        WaitFor.TimeoutException e = assertThrows(WaitFor.TimeoutException.class,
                () -> waitFor.awaitAll(List.of(WaitTarget.parse("tcp:127.0.0.1:" + port)), Duration.ofMillis(600)));
        assertTrue(e.getMessage().startsWith("not up within 600ms: tcp:127.0.0.1:" + port + " (last: "), e.getMessage());
    }

    @Test
    void shouldWaitForAllTargetsAtOnceUnderOneDeadline() throws Exception {
        // An unresolvable name first: waited for one after the other, it would use the whole 3 s
        // deadline before the port, which is up all along, were even tried.
        try (ServerSocket port = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            CompletableFuture<Long> firstConnection = CompletableFuture.supplyAsync(() -> {
                try (var ignored = port.accept()) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            WaitFor.TimeoutException e = assertThrows(WaitFor.TimeoutException.class, () -> waitFor.awaitAll(
                    List.of(WaitTarget.parse("dns:never.invalid"), WaitTarget.parse("tcp:127.0.0.1:" + port.getLocalPort())),
                    Duration.ofSeconds(3)));
            assertEquals("not up within 3s: dns:never.invalid (last: does not resolve)", e.getMessage());
            long triedAfterMs = firstConnection.get(10, TimeUnit.SECONDS);
            assertTrue(triedAfterMs < 1500, "the port was first tried after " + triedAfterMs + " ms, not alongside the name");
        }
    }

    @Test
    void shouldWaitForAnHttpUrlUntilItAnswersSuccess() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] calls = {0};
        server.createContext("/ready", ex -> {
            int status = ++calls[0] < 3 ? 503 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            waitFor.awaitAll(List.of(WaitTarget.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/ready")), Duration.ofSeconds(30));
            assertEquals(3, calls[0]);
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @CsvSource({"200,", "302,", "204,", "404,status 404", "500,status 500"})
    void shouldTreatOnly2xxAnd3xxAsUp(int status, String expected) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("Location", "/elsewhere");
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            assertEquals(expected, waitFor.check(WaitTarget.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(10)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldResolveADnsName() throws Exception {
        assertNull(waitFor.check(WaitTarget.parse("dns:localhost"), Duration.ofSeconds(5)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dns:my-db.default.svc.cluster.local|dns:my-db.default.svc.cluster.local",
            "tcp:db:5432|tcp:db:5432",
            "tcp:[::1]:80|tcp:[::1]:80",
            "https://api.example/healthz|https://api.example/healthz"})
    void shouldParseTargets(String text, String shown) {
        assertEquals(shown, WaitTarget.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp:db|has no port",
            "tcp::5432|needs a host and a port other than 0",
            "dns:bad name|is not a DNS name",
            "ftp://x|has no known scheme",
            "db:5432|has no known scheme"})
    void shouldRejectMalformedTargets(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitTarget.parse(text));
        assertEquals(reason, e.getMessage());
    }
}
