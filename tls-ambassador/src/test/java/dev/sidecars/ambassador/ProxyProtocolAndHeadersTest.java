package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** The pure encoders of the client identity: the PROXY v2 header and the HTTP headers. */
class ProxyProtocolAndHeadersTest {

    private static final PeerIdentity ID = new PeerIdentity(true, "search-client", List.of("a.search.svc"),
            List.of("spiffe://cluster/ns/search/sa/indexer"));

    private static ClientSession session(String src, PeerIdentity id) {
        return new ClientSession(new InetSocketAddress(src, 51000), new InetSocketAddress("10.0.0.2", 8443), "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", id);
    }

    @Test
    void shouldEncodeTheV2HeaderByteForByte() {
        byte[] h = ProxyProtocolV2.header(session("10.0.0.1", PeerIdentity.NONE));
        ByteBuffer b = ByteBuffer.wrap(h);
        byte[] sig = new byte[12];
        b.get(sig);
        assertArrayEquals(ProxyProtocolV2.SIGNATURE, sig);
        assertEquals(0x21, b.get());
        assertEquals(0x11, b.get());
        assertEquals(h.length - 16, b.getShort());
        assertEquals("0a0000010a000002c73820fb", HexFormat.of().formatHex(Arrays.copyOfRange(h, 16, 28)));
        assertEquals(ProxyProtocolV2.PP2_TYPE_SSL, h[28] & 0xff);
        int sslLength = ((h[29] & 0xff) << 8) | (h[30] & 0xff);
        assertEquals(h.length - 31, sslLength, "one TLV only without a client certificate");
        assertEquals(ProxyProtocolV2.PP2_CLIENT_SSL, h[31], "TLS, no client certificate");
    }

    @Test
    void shouldCarryTheCommonNameAndSpiffeIdWhenTheClientHadACertificate() {
        byte[] h = ProxyProtocolV2.header(session("10.0.0.1", ID));
        String text = new String(h, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(ProxyProtocolV2.PP2_CLIENT_SSL | ProxyProtocolV2.PP2_CLIENT_CERT_CONN, h[31]);
        assertEquals(true, text.contains("search-client"));
        int spiffe = text.indexOf("spiffe://");
        assertEquals(ProxyProtocolV2.PP2_TYPE_SPIFFE_ID, h[spiffe - 3] & 0xff);
        assertEquals(h.length, spiffe + "spiffe://cluster/ns/search/sa/indexer".length());
    }

    @Test
    void shouldUseIpv6AddressesForAnIpv6Client() {
        byte[] h = ProxyProtocolV2.header(session("::1", PeerIdentity.NONE));
        assertEquals(0x21, h[13]);
        assertEquals(1, h[16 + 15], "::1 as the source");
        assertEquals((byte) 0xff, h[16 + 16 + 11], "the IPv4 destination IPv4-mapped");
    }

    @Test
    void shouldReplaceEveryForwardedHeaderTheClientSent() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "6.6.6.6").add("x-forwarded-for", "7.7.7.7").add("Forwarded", "for=6.6.6.6")
                .add("X-Client-CN", "admin").add("X-Client-URI", "spiffe://cluster/ns/kube-system/sa/admin")
                .add("Host", "example");
        ForwardedHeaders.apply(headers, session("10.0.0.1", PeerIdentity.NONE));
        assertEquals(List.of("10.0.0.1"), headers.getAll("X-Forwarded-For"));
        assertEquals("https", headers.get("X-Forwarded-Proto"));
        assertEquals("NONE", headers.get(ForwardedHeaders.CLIENT_VERIFIED));
        assertFalse(headers.contains("Forwarded"));
        assertFalse(headers.contains(ForwardedHeaders.CLIENT_CN));
        assertFalse(headers.contains(ForwardedHeaders.CLIENT_URI));
        assertEquals("example", headers.get("Host"));
    }

    @Test
    void shouldSetTheVerifiedIdentityHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Client-CN", "admin");
        ForwardedHeaders.apply(headers, session("10.0.0.1", ID));
        assertEquals("SUCCESS", headers.get(ForwardedHeaders.CLIENT_VERIFIED));
        assertEquals(List.of("search-client"), headers.getAll(ForwardedHeaders.CLIENT_CN));
        assertEquals("a.search.svc", headers.get(ForwardedHeaders.CLIENT_DNS));
        assertEquals("spiffe://cluster/ns/search/sa/indexer", headers.get(ForwardedHeaders.CLIENT_URI));
    }
}
