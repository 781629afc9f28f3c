package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first bytes of a connection, decided in an {@link EmbeddedChannel}: TLS goes on, anything else is closed. */
class PlainHttpDetectorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AmbassadorMetrics metrics = new AmbassadorMetrics(registry, () -> 0);

    /** The pipeline the server builds: detector, "tls" (a stand-in that keeps what reaches it), handshake gate. */
    private EmbeddedChannel channel(boolean http, Keeper tls) {
        AmbassadorConfig config = AmbassadorConfig.fromEnv(Map.of("AMBASSADOR_TLS_DIR", "/etc/tls"));
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("detect", new PlainHttpDetector(http, metrics));
        ch.pipeline().addLast("tls", tls);
        ch.pipeline().addLast("gate", new HandshakeGate(config, metrics, null, null));
        return ch;
    }

    /** Keeps (and later releases) whatever the detector passes on. */
    private static final class Keeper extends ChannelInboundHandlerAdapter {
        private final io.netty.buffer.CompositeByteBuf seen = Unpooled.compositeBuffer();

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            seen.addComponent(true, (ByteBuf) msg);
        }

        String seenHex() {
            String hex = io.netty.buffer.ByteBufUtil.hexDump(seen);
            seen.release();
            return hex;
        }
    }

    private double notTls() {
        Counter c = registry.find("ambassador.handshake.failures").tag("reason", "not_tls").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldPassATlsRecordOnUntouchedAndLeaveThePipeline() {
        Keeper tls = new Keeper();
        EmbeddedChannel ch = channel(true, tls);
        byte[] clientHelloStart = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00};
        ch.writeInbound(Unpooled.wrappedBuffer(clientHelloStart));
        assertNull(ch.pipeline().get("detect"), "the detector removes itself once it has decided");
        assertNotNull(ch.pipeline().get("tls"));
        assertEquals("16030100050100000100", tls.seenHex(), "every byte goes on to TLS, in order");
        assertTrue(ch.isOpen());
        assertEquals(0, notTls());
        assertFalse(ch.finish());
    }

    @Test
    void shouldWaitForAWholeRecordHeaderBeforeDeciding() {
        Keeper tls = new Keeper();
        EmbeddedChannel ch = channel(false, tls);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03}));
        assertNotNull(ch.pipeline().get("detect"), "two bytes decide nothing");
        assertTrue(ch.isOpen());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x03, 0x00, 0x10}));
        assertNull(ch.pipeline().get("detect"));
        assertEquals("1603030010", tls.seenHex(), "the bytes that arrived in two reads reach TLS as one stream");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldAnswerPlainHttpWithNginxsPageInHttpModeAndClose() {
        EmbeddedChannel ch = channel(true, new Keeper());
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        ByteBuf answer = ch.readOutbound();
        String text = answer.toString(StandardCharsets.US_ASCII);
        answer.release();
        assertTrue(text.startsWith("HTTP/1.1 400 Bad Request\r\n"), text);
        assertTrue(text.contains("Connection: close\r\n"), text);
        assertTrue(text.endsWith(PlainHttpDetector.PAGE), text);
        int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(PlainHttpDetector.PAGE.getBytes(StandardCharsets.US_ASCII).length, length);
        assertFalse(ch.isOpen(), "closed once the page is written");
        assertNull(ch.pipeline().get("tls"), "TLS is taken out so that it reports no failure of its own");
        assertNull(ch.pipeline().get("gate"));
        assertEquals(1, notTls());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void shouldCloseWithoutAPageInTcpMode() {
        EmbeddedChannel ch = channel(false, new Keeper());
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
        assertNull(ch.readOutbound(), "tcp mode: the app's protocol is unknown, so no HTTP page");
        assertFalse(ch.isOpen());
        assertEquals(1, notTls());
    }

    @Test
    void shouldCloseOnBytesThatAreNeitherTlsNorHttp() {
        EmbeddedChannel ch = channel(true, new Keeper());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05}));
        assertNull(ch.readOutbound());
        assertFalse(ch.isOpen());
        assertEquals(1, notTls());
    }

    @ParameterizedTest
    @CsvSource({
            "'GET / HTTP/1.1', true",
            "'OPTIONS * HTTP/1.1', true",
            "'PRI * HTTP/2.0', true",
            "'get / HTTP/1.1', false",
            "' GET /', false",
            "'GET/ HTTP/1.1', false",
            "'VERYLONGMETHODNAME / HTTP/1.1', false",
            "'SSH-2.0-OpenSSH', false",
    })
    void shouldTellAnHttpRequestLineByItsMethod(String start, boolean http) {
        ByteBuf in = Unpooled.copiedBuffer(start, StandardCharsets.US_ASCII);
        try {
            assertEquals(http, PlainHttpDetector.looksLikeHttp(in), start);
            assertEquals(0, in.readerIndex(), "looking does not consume");
        } finally {
            in.release();
        }
    }
}
