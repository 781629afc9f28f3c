package dev.sidecars.ambassador;

import static dev.sidecars.ambassador.AmbassadorServerTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * http mode with keep-alive to the app: a counting plain-HTTP app behind us, real TLS clients writing
 * raw HTTP/1.1 (so that they can pipeline and send what a library would refuse).
 */
class TargetKeepAliveTest extends PkiTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private AmbassadorServer start(int appPort, String... more) {
        // No readiness probe: its connections to the app would be counted with ours.
        List<String> env = new ArrayList<>(List.of("AMBASSADOR_PROTOCOL", "http", "AMBASSADOR_READY_REQUIRES_TARGET", "false"));
        env.addAll(List.of(more));
        return AmbassadorServer.start(AmbassadorConfig.fromEnv(pki.serverEnv(appPort, env.toArray(String[]::new))), registry);
    }

    private double count(String name) {
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private double idle() {
        Gauge g = registry.find("ambassador.target.connections.idle").gauge();
        return g == null ? -1 : g.value();
    }

    /** One TLS client connection writing raw HTTP. */
    private static final class Client implements AutoCloseable {
        final SSLSocket socket;
        final InputStream in;
        final OutputStream out;

        Client(int port) throws Exception {
            socket = pki.connect(port, null);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        RawHttp.Message get(String path, String... headers) throws Exception {
            send("GET " + path + " HTTP/1.1\r\nHost: app\r\n" + String.join("", headers) + "\r\n");
            return read();
        }

        void send(String text) throws Exception {
            RawHttp.write(out, text);
        }

        RawHttp.Message read() throws Exception {
            return RawHttp.read(in, false);
        }

        boolean closedByServer() throws Exception {
            return in.read() == -1;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void shouldServeConnectionCloseClientsOverFarFewerConnectionsToTheApp() throws Exception {
        int clients = 24;
        try (var app = new CountingHttpApp(); var server = start(app.port())) {
            for (int i = 0; i < clients; i++) {
                try (Client c = new Client(server.port())) {
                    RawHttp.Message r = c.get("/n" + i, "Connection: close\r\n");
                    assertTrue(r.startLine().startsWith("HTTP/1.1 200"), r.startLine());
                    assertTrue(r.bodyText().contains(" /n" + i + " HTTP/1.1\n"), r.bodyText());
                    assertEquals("close", r.header("Connection"), "the client's own close is honoured");
                    assertTrue(c.closedByServer());
                }
            }
            int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
            assertTrue(app.accepted.get() <= Math.min(eventLoops, clients / 4),
                    "at most one connection per event loop: " + app.accepted.get() + " for " + clients + " clients");
            assertEquals(app.accepted.get(), count("ambassador.target.connections.opened"));
            assertEquals(clients - app.accepted.get(), count("ambassador.target.connections.reused"));
            awaitTrue(() -> idle() == app.accepted.get(), "every connection to the app rests in the pool: " + idle());
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= 6; i++) {
                all.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: app\r\n\r\n");
            }
            c.send(all.toString()); // one write: they arrive together
            for (int i = 1; i <= 6; i++) {
                RawHttp.Message r = c.read();
                assertTrue(r.bodyText().contains(" /p" + i + " "), "response " + i + ": " + r.bodyText());
            }
            assertEquals(1, app.accepted.get(), "one request at a time: one connection to the app");
        }
    }

    @Test
    void shouldStreamChunkedBodiesBothWaysByteExact() throws Exception {
        byte[] payload = new byte[3 << 20];
        new Random(11).nextBytes(payload);
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            for (int round = 0; round < 2; round++) {
                c.send("POST /echo HTTP/1.1\r\nHost: app\r\nTransfer-Encoding: chunked\r\n\r\n");
                var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.read();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                RawHttp.writeChunked(c.out, payload, 10_000 + round);
                RawHttp.Message r = reader.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("chunked", r.header("Transfer-Encoding"));
                assertArrayEquals(payload, r.body());
            }
            assertEquals(1, app.accepted.get(), "both exchanges on one pooled connection");
        }
    }

    /** The app sends 256 MiB to a client that reads nothing: we stop reading from the app. */
    @Test
    void shouldKeepALargeResponseToASlowReaderBounded() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            c.send("GET /big HTTP/1.1\r\nHost: app\r\n\r\n");
            long last = -1;
            while (app.bigWritten.get() != last) {
                last = app.bigWritten.get();
                Thread.sleep(500);
            }
            assertTrue(last < (64L << 20), "bounded by socket buffers and the high-water mark, not by the app: " + last);
            assertEquals("HTTP/1.1 200 OK", RawHttp.line(c.in));
            while (!RawHttp.line(c.in).isEmpty()) {
                // headers
            }
            byte[] more = c.in.readNBytes((int) last + (8 << 20));
            assertEquals(last + (8 << 20), more.length, "reading resumes once the client reads");
        }
    }

    @Test
    void shouldDropAnIdleConnectionTheAppClosedAndServeTheNextRequest() throws Exception {
        try (var app = new CountingHttpApp(200, false); var server = start(app.port()); Client c = new Client(server.port())) {
            assertTrue(c.get("/first").bodyText().startsWith("1 /first"));
            awaitTrue(() -> app.open.get() == 0, "the app closed its idle connection");
            awaitTrue(() -> idle() == 0, "and it left the pool");
            assertTrue(c.get("/second").bodyText().startsWith("2 /second"));
        }
    }

    /** The app closes a reused connection just as the request arrives: the request goes again, on a new one. */
    @Test
    void shouldRetryARequestWithoutBodyOnceWhenAReusedConnectionWasClosed() throws Exception {
        try (var app = new CountingHttpApp(0, true); var server = start(app.port()); Client c = new Client(server.port())) {
            assertTrue(c.get("/first").bodyText().startsWith("1 /first"));
            RawHttp.Message second = c.get("/second");
            assertTrue(second.bodyText().startsWith("2 /second"), second.startLine() + " " + second.bodyText());
            assertEquals(List.of("1 GET /first", "1 GET /second", "2 GET /second"), app.requests);
        }
    }

    /** The app may have acted on a POST before it closed: it is not sent twice (the client gets a 502). */
    @Test
    void shouldNotRepeatAPostWhenAReusedConnectionWasClosed() throws Exception {
        try (var app = new CountingHttpApp(0, true); var server = start(app.port()); Client c = new Client(server.port())) {
            assertTrue(c.get("/first").bodyText().startsWith("1 /first"));
            c.send("POST /order HTTP/1.1\r\nHost: app\r\nContent-Length: 0\r\n\r\n");
            assertEquals("HTTP/1.1 502 Bad Gateway", c.read().startLine());
            assertEquals(List.of("1 GET /first", "1 POST /order"), app.requests);
        }
    }

    /**
     * An app that writes more than its response announced: the extra bytes must not become the start of
     * the next client's response, so that connection is not reused.
     */
    @Test
    void shouldNotReuseAConnectionWithBytesLeftAfterTheResponse() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            assertEquals("1 overrun", c.get("/overrun").bodyText());
            RawHttp.Message next = c.get("/mine"); // same client connection: same event loop, same pool
            assertEquals("HTTP/1.1 200 OK", next.startLine());
            assertTrue(next.bodyText().startsWith("2 /mine"), next.bodyText());
            assertEquals(0, count("ambassador.target.connections.reused"));
        }
    }

    @Test
    void shouldAnswer502WhenTheAppDoesNotAcceptConnections() throws Exception {
        int closedPort;
        try (var gone = new CountingHttpApp()) {
            closedPort = gone.port();
        }
        try (var server = start(closedPort); Client c = new Client(server.port())) {
            RawHttp.Message r = c.get("/down");
            assertTrue(r.startLine().startsWith("HTTP/1.1 502"), r.startLine());
            assertTrue(c.closedByServer());
            assertEquals(1, count("ambassador.target.connect.failures"));
        }
    }

    @Test
    void shouldNotReuseAConnectionTheAppAnswersWithConnectionClose() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            for (int i = 1; i <= 3; i++) {
                RawHttp.Message r = c.get("/close");
                assertEquals(i + " /close", r.bodyText());
                assertNull(r.header("Connection"), "the app's close is about its own connection, not the client's");
            }
            assertEquals(3, app.accepted.get());
            assertEquals(0, count("ambassador.target.connections.reused"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "0"})
    void shouldRelayAnUpgradeOverADedicatedConnection(String keepalive) throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port(), "AMBASSADOR_TARGET_KEEPALIVE", keepalive);
             Client c = new Client(server.port())) {
            assertTrue(c.get("/before").bodyText().startsWith("1 /before"));
            c.send("GET /ws HTTP/1.1\r\nHost: app\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n");
            RawHttp.Message switched = RawHttp.read(c.in, true);
            assertTrue(switched.startLine().startsWith("HTTP/1.1 101"), switched.startLine());
            String upgradeConnection = keepalive.equals("0") ? "1" : "2"; // pooled: one of its own
            assertEquals(List.of("1 GET /before", upgradeConnection + " GET /ws"), app.requests);
            c.out.write("hello, raw bytes".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("hello, raw bytes", new String(c.in.readNBytes(16), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldGiveEveryClientConnectionItsOwnAppConnectionWhenKeepaliveIsZero() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port(), "AMBASSADOR_TARGET_KEEPALIVE", "0")) {
            for (int i = 0; i < 5; i++) {
                try (Client c = new Client(server.port())) {
                    assertTrue(c.get("/a").startLine().startsWith("HTTP/1.1 200"));
                    assertTrue(c.get("/b").startLine().startsWith("HTTP/1.1 200"));
                }
                int expected = i + 1;
                awaitTrue(() -> app.accepted.get() == expected, "one connection per client connection");
            }
            assertEquals(0, count("ambassador.target.connections.reused"));
        }
    }

    @Test
    void shouldRemoveHopByHopHeadersAndKeepOursAndAnswerHttp10ThenClose() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            c.send("GET /h HTTP/1.0\r\nHost: app\r\nConnection: X-Secret, X-Forwarded-For, TE\r\nX-Secret: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n\r\n");
            RawHttp.Message r = c.read();
            String seen = r.bodyText();
            assertTrue(seen.startsWith("1 /h HTTP/1.1\n"), "the app gets HTTP/1.1: " + seen);
            for (String gone : List.of("connection:", "x-secret:", "keep-alive:", "te:", "proxy-connection:")) {
                assertFalse(seen.contains("\n" + gone), gone + " reached the app: " + seen);
            }
            assertTrue(seen.contains("\nx-forwarded-for: 127.0.0.1\n"), "Connection cannot remove our headers: " + seen);
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer(), "an HTTP/1.0 client without keep-alive is closed after its response");
        }
    }

    /**
     * Request smuggling: a request whose length the app could read differently (Content-Length and
     * Transfer-Encoding at once, or an obfuscated Transfer-Encoding) is answered with 400 and never reaches
     * a shared connection; every later client's request gets its own response.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Length: 44\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: 44\r\n",
            "Transfer-Encoding: xchunked\r\nContent-Length: 44\r\n",
            "Content-Length: 44\r\nContent-Length: 5\r\n",
    })
    void shouldRejectADesyncRequestAndServeTheNextClientsTheirOwnResponses(String framing) throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port())) {
            int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < eventLoops; i++) { // a pooled connection on every event loop
                try (Client warm = new Client(server.port())) {
                    warm.get("/warm", "Connection: close\r\n");
                }
            }
            try (Client attacker = new Client(server.port())) {
                attacker.send("POST /attack HTTP/1.1\r\nHost: app\r\n" + framing + "\r\n"
                        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: app\r\n\r\n");
                RawHttp.Message r = attacker.read();
                assertTrue(r.startLine().startsWith("HTTP/1.1 400"), r.startLine());
                assertEquals("close", r.header("Connection"));
                assertTrue(attacker.closedByServer());
            }
            for (int i = 0; i < 2 * eventLoops; i++) {
                try (Client victim = new Client(server.port())) {
                    RawHttp.Message r = victim.get("/mine" + i, "Connection: close\r\n");
                    assertTrue(r.bodyText().contains(" /mine" + i + " "), "client " + i + " got " + r.bodyText());
                }
            }
            assertFalse(app.requests.toString().contains("/attack"), app.requests.toString());
            assertFalse(app.requests.toString().contains("/smuggled"), app.requests.toString());
            assertTrue(count("ambassador.target.connections.reused") > 0, "the later clients did share connections");
        }
    }

    @Test
    void shouldAnswer400ToOversizedHeadersWithoutForwardingThem() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port()); Client c = new Client(server.port())) {
            assertTrue(c.get("/fine").startLine().startsWith("HTTP/1.1 200"));
            RawHttp.Message r = c.get("/huge", "X-Huge: " + "a".repeat(20_000) + "\r\n");
            assertTrue(r.startLine().startsWith("HTTP/1.1 400"), r.startLine());
            assertTrue(c.closedByServer());
            assertEquals(List.of("1 GET /fine"), app.requests);
        }
    }

    /** A client that sends its requests and then half-closes (TLS 1.3 close_notify) still gets every answer. */
    @Test
    void shouldAnswerEveryRequestOfAClientThatHalfClosed() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port(), "AMBASSADOR_TLS_ENGINE", "jdk");
             Client c = new Client(server.port())) {
            c.send("GET /x1 HTTP/1.1\r\nHost: app\r\n\r\nGET /x2 HTTP/1.1\r\nHost: app\r\n\r\n");
            c.socket.shutdownOutput();
            assertTrue(c.read().bodyText().contains(" /x1 "));
            assertTrue(c.read().bodyText().contains(" /x2 "));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldCloseAnIdleAppConnectionAfterTheTimeout() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port(), "AMBASSADOR_TARGET_KEEPALIVE_TIMEOUT", "300ms")) {
            try (Client c = new Client(server.port())) {
                c.get("/one", "Connection: close\r\n");
            }
            awaitTrue(() -> app.open.get() == 0, "the idle connection was closed after 300 ms");
            assertEquals(0, idle());
        }
    }

    @Test
    void shouldCloseIdleAppConnectionsAtDrain() throws Exception {
        try (var app = new CountingHttpApp(); var server = start(app.port())) {
            try (Client c = new Client(server.port())) {
                c.get("/one", "Connection: close\r\n");
            }
            awaitTrue(() -> idle() == 1, "one idle connection in the pool");
            assertEquals(1, app.open.get());
            server.drain().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            awaitTrue(() -> app.open.get() == 0, "closed at drain");
            assertEquals(0, idle());
        }
    }
}
