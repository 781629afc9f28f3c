package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The app connection's request decoder on an {@link EmbeddedChannel}: bytes in, decoded messages
 * out, written as a trace ({@code POST /a | content "abc" | last ""}). A refused request is a head
 * (or a chunk) whose decoder result is a failure, and nothing after it is decoded, so a request
 * smuggled behind it never comes out. The decoder only reports: it never closes the connection
 * (the proxy handler answers 400 and closes). Every input buffer is released once the decoded
 * messages are.
 */
class StrictRequestDecoderTest {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";

    static Stream<Arguments> accepted() {
        String target = "/" + "a".repeat(StrictRequestDecoder.MAX_INITIAL_LINE - "GET / HTTP/1.1".length());
        String header = "X: " + "a".repeat(StrictRequestDecoder.MAX_HEADER_SIZE - "X: ".length());
        return Stream.of(
                Arguments.of("a GET", "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
                        "GET http://h/ | last \"\""),
                Arguments.of("a body by Content-Length", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
                        "POST /a | last \"hello\""),
                Arguments.of("a chunked body", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "POST /a | content \"abc\" | content \"de\" | last \"\""),
                Arguments.of("pipelined requests", "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n",
                        "GET /a | last \"\" | GET /b | last \"\""),
                Arguments.of("a CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
                        "CONNECT h:443 | last \"\""),
                Arguments.of("a request line at the limit", "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n",
                        "GET " + target + " | last \"\""),
                Arguments.of("headers at the limit", "GET /a HTTP/1.1\r\n" + header + "\r\n\r\n",
                        "GET /a | last \"\""));
    }

    static Stream<Arguments> refused() {
        String target = "/" + "a".repeat(StrictRequestDecoder.MAX_INITIAL_LINE + 1 - "GET / HTTP/1.1".length());
        String header = "X: " + "a".repeat(StrictRequestDecoder.MAX_HEADER_SIZE + 1 - "X: ".length());
        return Stream.of(
                Arguments.of("Content-Length, then Transfer-Encoding",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "POST /a FAILED(IllegalArgumentException: Content-Length together with Transfer-Encoding)"),
                Arguments.of("Transfer-Encoding, then Content-Length",
                        "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
                        "POST /a FAILED(IllegalArgumentException: Content-Length together with Transfer-Encoding)"),
                Arguments.of("two different Content-Lengths",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello",
                        "POST /a FAILED(IllegalArgumentException: Multiple Content-Length values found: [0, 5])"),
                Arguments.of("two equal Content-Lengths",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                        "POST /a FAILED(IllegalArgumentException: Multiple Content-Length values found: [3, 3])"),
                Arguments.of("a Content-Length list",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc",
                        "POST /a FAILED(IllegalArgumentException: Multiple Content-Length values found: [3, 3])"),
                Arguments.of("a negative Content-Length",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
                        "POST /a FAILED(IllegalArgumentException: Content-Length value is not a number: -1)"),
                Arguments.of("a signed Content-Length",
                        "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
                        "POST /a FAILED(IllegalArgumentException: Content-Length value is not a number: +3)"),
                Arguments.of("Transfer-Encoding in HTTP/1.0",
                        "POST /a HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "POST /a FAILED(TransferEncodingNotAllowedException: The Transfer-Encoding header is only allowed in HTTP/1.1 or newer)"),
                Arguments.of("a final coding other than chunked",
                        "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                        "POST /a FAILED(IllegalArgumentException: The final transfer coding must be chunked for HTTP requests)"),
                Arguments.of("a space before a header's colon",
                        "GET /a HTTP/1.1\r\nHost : h\r\n\r\n",
                        "GET /a FAILED(IllegalArgumentException: a header name can only contain \"token\" characters, "
                                + "but found invalid character 0x20 at index 4 of header 'Host '.)"),
                Arguments.of("a NUL in a header value",
                        "GET /a HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n",
                        "GET /a FAILED(IllegalArgumentException: Validation failed for header 'X')"),
                Arguments.of("a bare LF ending the request line",
                        "GET /a HTTP/1.1\nHost: h\r\n\r\n",
                        "GET /bad-request FAILED(InvalidLineSeparatorException: Line Feed must be preceded by Carriage Return "
                                + "when terminating HTTP start- and header field-lines)"),
                Arguments.of("a bare LF ending the headers",
                        "GET /a HTTP/1.1\r\nHost: h\r\n\n",
                        "GET /a FAILED(InvalidLineSeparatorException: Line Feed must be preceded by Carriage Return "
                                + "when terminating HTTP start- and header field-lines)"),
                Arguments.of("a request line one byte over the limit",
                        "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n",
                        "GET /bad-request FAILED(TooLongHttpLineException: An HTTP line is larger than 8192 bytes.)"),
                Arguments.of("headers one byte over the limit",
                        "GET /a HTTP/1.1\r\n" + header + "\r\n\r\n",
                        "GET /a FAILED(TooLongHttpHeaderException: HTTP header is larger than 16384 bytes.)"),
                Arguments.of("a malformed chunk size",
                        "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                        "POST /a | last FAILED(NumberFormatException: Invalid character in chunk size)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void shouldDecodeWellFormedRequests(String name, String input, String expected) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder());
        ByteBuf in = bytes(input);
        channel.writeInbound(in);
        assertEquals(expected, readAll(channel), name);
        assertEquals(0, in.refCnt(), name + ": the input is released with the messages that share it");
        assertFalse(channel.finish(), name + ": nothing left over");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseAndDecodeNothingAfter(String name, String input, String expected) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder());
        ByteBuf in = bytes(input + SMUGGLED);
        channel.writeInbound(in);
        assertEquals(expected, readAll(channel), name);
        assertEquals(0, in.refCnt(), name + ": the discarded rest is released");
        assertTrue(channel.isOpen(), name + ": closing is the proxy handler's decision, after its 400");
        channel.writeInbound(bytes(SMUGGLED));
        assertEquals("", readAll(channel), name + ": a later request on the connection is not decoded either");
        assertFalse(channel.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseTheSameWhenTheRequestArrivesByteByByte(String name, String input, String expected) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder());
        byte[] all = (input + SMUGGLED).getBytes(StandardCharsets.ISO_8859_1);
        List<ByteBuf> written = new ArrayList<>();
        for (byte b : all) {
            ByteBuf one = Unpooled.buffer(1).writeByte(b);
            written.add(one);
            channel.writeInbound(one);
        }
        String trace = readAll(channel);
        // Byte by byte the body of a bad chunk comes out piece by piece; the failures are the same.
        assertEquals(failures(expected), failures(trace), name + ": " + trace);
        assertFalse(trace.contains("/smuggled"), name + ": " + trace);
        assertTrue(written.stream().allMatch(b -> b.refCnt() == 0), name + ": every input buffer is released");
        assertFalse(channel.finish());
    }

    @Test
    void shouldHandOverTheBytesAfterAConnectRawWhenRemoved() {
        // What the proxy handler relies on for a tunnel: removing the decoder passes on, as bytes,
        // whatever it had read past the CONNECT, before the CONNECT's (empty) last content.
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof HttpRequest request && request.method().equals(HttpMethod.CONNECT)) {
                    ctx.pipeline().remove(StrictRequestDecoder.class);
                }
            }
        });
        ByteBuf in = bytes("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n\u0016\u0003\u0001early");
        channel.writeInbound(in);
        assertEquals("CONNECT h:443 | bytes \"\u0016\u0003\u0001early\" | last \"\"", readAll(channel));
        channel.writeInbound(bytes("GET /not-http HTTP/1.1\r\n\r\n"));
        assertEquals("bytes \"GET /not-http HTTP/1.1\r\n\r\n\"", readAll(channel), "later bytes pass through raw");
        assertEquals(0, in.refCnt());
        assertFalse(channel.finish());
    }

    /** Reads and releases every inbound message, as a trace. */
    private static String readAll(EmbeddedChannel channel) {
        List<String> trace = new ArrayList<>();
        for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
            try {
                trace.add(describe(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return String.join(" | ", trace);
    }

    private static String describe(Object msg) {
        StringBuilder out = new StringBuilder();
        if (msg instanceof HttpRequest request) {
            out.append(request.method()).append(' ').append(request.uri());
        } else if (msg instanceof HttpContent content) {
            out.append(content instanceof LastHttpContent ? "last" : "content");
        } else if (msg instanceof ByteBuf buf) {
            return "bytes \"" + buf.toString(StandardCharsets.ISO_8859_1) + "\"";
        }
        if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
            Throwable cause = http.decoderResult().cause();
            out.append(" FAILED(").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        } else if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
            out.append(" \"").append(content.content().toString(StandardCharsets.ISO_8859_1)).append('"');
        }
        return out.toString();
    }

    private static List<String> failures(String trace) {
        return Stream.of(trace.split(" \\| ")).filter(step -> step.contains("FAILED")).toList();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
