package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder of responses to the app on an {@link EmbeddedChannel}: messages in, bytes on the
 * wire out. Told that the request was a HEAD, it writes no body and no chunked terminator, whatever
 * the upstream's headers announce; otherwise it is Netty's encoder. Every content it takes is
 * released; it never closes the connection.
 */
class ProxyResponseEncoderTest {

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("a GET's chunked response", false,
                        messages(() -> List.of(head(200, "Transfer-Encoding", "chunked"), body("abc"), last())),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("a HEAD's chunked response: no terminator", true,
                        messages(() -> List.of(head(200, "Transfer-Encoding", "chunked"), last())),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("a GET's response with Content-Length", false,
                        messages(() -> List.of(head(200, "Content-Length", "5"), body("hello"), last())),
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("a HEAD's response with Content-Length: the head only", true,
                        messages(() -> List.of(head(200, "Content-Length", "5"), last())),
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
                Arguments.of("a body that an upstream sends to a HEAD anyway: dropped", true,
                        messages(() -> List.of(head(200, "Transfer-Encoding", "chunked"), body("abc"), last())),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("a 100 Continue before a GET's chunked response", false,
                        messages(() -> List.of(head(100), last(), head(200, "Transfer-Encoding", "chunked"), body("ab"), last())),
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"),
                Arguments.of("a 100 Continue before a HEAD's chunked response", true,
                        messages(() -> List.of(head(100), last(), head(200, "Transfer-Encoding", "chunked"), last())),
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("a 101 after a HEAD: the flag is for final responses, the switched protocol's bytes pass", true,
                        messages(() -> List.of(head(101, "Upgrade", "x"), body("raw"))),
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nraw"),
                Arguments.of("a 304 to a GET: no body, whatever its headers say", false,
                        messages(() -> List.of(head(304, "Transfer-Encoding", "chunked"), last())),
                        "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("a 204 to a GET: no body, and no Transfer-Encoding", false,
                        messages(() -> List.of(head(204, "Transfer-Encoding", "chunked"), last())),
                        "HTTP/1.1 204 No Content\r\n\r\n"),
                Arguments.of("the proxy's refusal of a GET: with its text", false,
                        messages(() -> List.of(Refusals.response(403, "not-allowed", "x", false))),
                        "HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 38\r\n"
                                + "X-Egress-Denied: not-allowed\r\n\r\negress-proxy: denied (not-allowed): x\n"),
                Arguments.of("the proxy's refusal of a HEAD: the head only", true,
                        messages(() -> List.of(Refusals.response(403, "not-allowed", "x", false))),
                        "HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 38\r\n"
                                + "X-Egress-Denied: not-allowed\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void shouldWriteWhatTheRequestAllows(String name, boolean head, Supplier<List<Object>> messages, String expected) {
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        encoder.expectBodiless(head);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        List<Object> written = messages.get();
        channel.writeOutbound(written.toArray());
        assertEquals(expected, readAll(channel), name);
        for (Object msg : written) {
            if (msg instanceof ReferenceCounted counted) {
                assertEquals(0, counted.refCnt(), name + ": " + msg + " is released");
            }
        }
        assertFalse(channel.finish(), name + ": nothing left over");
    }

    @Test
    void shouldTakeTheFlagAnewForEachResponseOnTheConnection() {
        // The proxy handler sets it for every request; a HEAD must not leave the next GET bodiless.
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        encoder.expectBodiless(true);
        channel.writeOutbound(head(200, "Transfer-Encoding", "chunked"), last());
        encoder.expectBodiless(false);
        channel.writeOutbound(head(200, "Transfer-Encoding", "chunked"), body("abc"), last());
        encoder.expectBodiless(true);
        channel.writeOutbound(head(200, "Transfer-Encoding", "chunked"), last());
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertEquals(head + head + "3\r\nabc\r\n0\r\n\r\n" + head, readAll(channel));
        assertFalse(channel.finish());
    }

    @Test
    void shouldPassTheEmptyBufferThatFlushesBeforeAClose() {
        // The proxy handler closes with writeAndFlush(EMPTY_BUFFER): between responses, and after a HEAD.
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(Unpooled.EMPTY_BUFFER);
        encoder.expectBodiless(true);
        channel.writeOutbound(head(200, "Content-Length", "5"), last(), Unpooled.EMPTY_BUFFER);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", readAll(channel));
        assertFalse(channel.finish());
    }

    /** A table cell that makes its messages anew for each run: buffers are used once. */
    private static Supplier<List<Object>> messages(Supplier<List<Object>> make) {
        return make;
    }

    private static HttpResponse head(int status, String... headers) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        for (int i = 0; i < headers.length; i += 2) {
            response.headers().add(headers[i], headers[i + 1]);
        }
        return response;
    }

    private static HttpContent body(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    /** An empty last content of its own (not the shared constant), so that its release can be checked. */
    private static LastHttpContent last() {
        return new DefaultLastHttpContent(Unpooled.buffer(0));
    }

    /** Reads and releases every outbound buffer, as one string. */
    private static String readAll(EmbeddedChannel channel) {
        StringBuilder wire = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            wire.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return wire.toString();
    }
}
