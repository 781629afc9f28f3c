package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that a proxy and the server behind it could read differently. Each one is refused with
 * 400, the upstream never sees it, and the connection is closed: whatever followed the ambiguous
 * framing must not be read as the next request.
 */
class SmugglingTest {

    private static TestUpstream upstream;
    private static RunningProxy proxy;
    private static String target;

    @BeforeAll
    static void start() throws IOException {
        upstream = new TestUpstream("127.0.0.2", "api");
        proxy = new RunningProxy(Map.of("EGRESS_ALLOW", "api.example.com:" + upstream.port(),
                "EGRESS_ALLOW_CIDRS", "127.0.0.2/32"), Map.of("api.example.com", List.of(upstream.address())));
        target = "http://api.example.com:" + upstream.port();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    static Stream<Arguments> ambiguousRequests() {
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: api.example.com\r\n\r\n";
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled),
                Arguments.of("Transfer-Encoding with Content-Length",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 60\r\n\r\n0\r\n\r\n" + smuggled),
                Arguments.of("two different Content-Length headers",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 47\r\n\r\n" + smuggled),
                Arguments.of("two equal Content-Length headers",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                Arguments.of("a Content-Length list",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc"),
                Arguments.of("a negative Content-Length",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
                Arguments.of("a signed Content-Length",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc"),
                Arguments.of("a Transfer-Encoding other than chunked",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("an obfuscated chunked",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding in HTTP/1.0",
                        "POST %s/a HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("a malformed chunk size",
                        "POST %s/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("two Host headers",
                        "GET %s/a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                Arguments.of("a space before the header colon",
                        "GET %s/a HTTP/1.1\r\nHost: h\r\nContent-Length : 5\r\n\r\nhello"),
                Arguments.of("a bare LF line ending in the headers",
                        "GET %s/a HTTP/1.1\nHost: h\nX: y\n\n"),
                Arguments.of("an over-long request line",
                        "GET %s/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n"),
                Arguments.of("an https URL sent in plain text",
                        "GET https://api.example.com/ HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousRequests")
    void shouldRejectAmbiguousRequestsAndCloseTheConnection(String name, String template) throws IOException {
        int before = upstream.seen.size();
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(template.formatted(target).getBytes(StandardCharsets.ISO_8859_1));
            String head = RawHttp.readHead(socket);
            assertTrue(head.startsWith("HTTP/1.1 400"), name + ": " + head);
            String rest = RawHttp.readToClose(socket);
            assertTrue(!rest.matches("(?s).*HTTP/1\\.[01] [0-9]{3} .*"), name + ": a second response followed: " + rest);
        }
        assertEquals(before, upstream.seen.size(), name + ": the upstream must not see it");
    }

    @Test
    void shouldForwardAWellFormedChunkedRequestOnTheSameConnectionAsTheNext() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            String chunked = "POST " + target + "/body-in HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
            String next = "GET " + target + "/next HTTP/1.1\r\nHost: h\r\n\r\n";
            socket.getOutputStream().write((chunked + next).getBytes(StandardCharsets.ISO_8859_1));
            String first = RawHttp.readHead(socket);
            assertTrue(first.startsWith("HTTP/1.1 200"), first);
            byte[] body = socket.getInputStream().readNBytes("api POST /body-in 5\n".length());
            assertEquals("api POST /body-in 5\n", new String(body, StandardCharsets.ISO_8859_1));
            String second = RawHttp.readHead(socket);
            assertTrue(second.startsWith("HTTP/1.1 200"), "a pipelined request is answered in turn: " + second);
        }
    }

    @Test
    void shouldUnfoldAnObsoleteFoldedHeaderBeforeForwarding() throws IOException {
        // RFC 9112 5.2: a proxy either rejects obs-fold or replaces it with spaces; Netty's decoder does the latter.
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET " + target + "/folded HTTP/1.1\r\nHost: h\r\nX-Long: a\r\n b\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(RawHttp.readHead(socket).startsWith("HTTP/1.1 200"));
        }
        assertEquals("a b", upstream.last().header("X-Long"));
    }

    @Test
    void shouldNotResolveTheHostHeaderWhenTheRequestTargetIsAbsolute() throws IOException {
        // A Host header naming an internal address must not redirect the request (the request-target wins).
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.getOutputStream().write(("GET " + target + "/by-target HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(RawHttp.readHead(socket).startsWith("HTTP/1.1 200"));
        }
        assertEquals("api.example.com:" + upstream.port(), upstream.last().header("Host"));
        assertEquals(InetAddress.getByName("127.0.0.2"), upstream.address());
    }
}
