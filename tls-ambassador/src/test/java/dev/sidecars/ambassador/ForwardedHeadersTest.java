package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The handler in a pipeline: every request head gets our headers, the client's copies gone; bodies pass untouched. */
class ForwardedHeadersTest {

    private static final ClientSession SESSION = new ClientSession(new InetSocketAddress("10.1.2.3", 50000),
            new InetSocketAddress("10.9.9.9", 8443), "TLSv1.3", "TLS_AES_128_GCM_SHA256",
            new PeerIdentity(true, "indexer", List.of("a.svc"), List.of("spiffe://c/ns/a/sa/b")));

    @Test
    void shouldReplaceTheClientsCopiesOnEveryRequestOfAConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardedHeaders(SESSION));
        for (int i = 0; i < 2; i++) {
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + i);
            request.headers().add("X-Forwarded-For", "6.6.6.6").add("forwarded", "for=6.6.6.6")
                    .add("X-Client-CN", "admin").add("X-Client-Verified", "SUCCESS").add("X-Real-IP", "6.6.6.6")
                    .add("Accept", "*/*");
            ch.writeInbound(request);
            HttpRequest seen = ch.readInbound();
            assertSame(request, seen);
            assertEquals(List.of("10.1.2.3"), seen.headers().getAll("X-Forwarded-For"));
            assertEquals("https", seen.headers().get("X-Forwarded-Proto"));
            assertEquals(List.of("indexer"), seen.headers().getAll("X-Client-CN"));
            assertEquals("SUCCESS", seen.headers().get("X-Client-Verified"));
            assertEquals("a.svc", seen.headers().get("X-Client-DNS"));
            assertEquals("spiffe://c/ns/a/sa/b", seen.headers().get("X-Client-URI"));
            assertFalse(seen.headers().contains("Forwarded"));
            assertFalse(seen.headers().contains("X-Real-IP"));
            assertEquals("*/*", seen.headers().get("Accept"), "other headers are the client's");
        }
        assertFalse(ch.finish());
    }

    @Test
    void shouldPassBodiesAndOtherMessagesOnUnchanged() {
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardedHeaders(SESSION));
        HttpContent body = new DefaultHttpContent(Unpooled.copiedBuffer("X-Forwarded-For: 1.1.1.1", StandardCharsets.US_ASCII));
        ch.writeInbound(body);
        HttpContent seen = ch.readInbound();
        assertSame(body, seen);
        assertEquals("X-Forwarded-For: 1.1.1.1", seen.content().toString(StandardCharsets.US_ASCII));
        seen.release();
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ch.writeInbound(raw);
        ByteBuf rawSeen = ch.readInbound();
        assertSame(raw, rawSeen);
        rawSeen.release();
        assertFalse(ch.finish());
    }
}
