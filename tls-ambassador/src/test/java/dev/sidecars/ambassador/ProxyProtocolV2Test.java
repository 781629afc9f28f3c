package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxySSLTLV;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import org.junit.jupiter.api.Test;

/** The header we send the app, read back by an independent parser: Netty's own {@link HAProxyMessageDecoder}. */
class ProxyProtocolV2Test {

    private static final PeerIdentity ID = new PeerIdentity(true, "search-client", List.of("a.search.svc"),
            List.of("spiffe://cluster/ns/search/sa/indexer", "spiffe://second"));

    private static HAProxyMessage decode(ClientSession session) {
        EmbeddedChannel ch = new EmbeddedChannel(new HAProxyMessageDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(ProxyProtocolV2.header(session)));
        HAProxyMessage message = ch.readInbound();
        assertNotNull(message, "the decoder accepts the header as one PROXY v2 message");
        assertFalse(ch.finish(), "no byte left over after the header");
        return message;
    }

    private static ClientSession session(String src, String dst, PeerIdentity id) {
        return new ClientSession(new InetSocketAddress(src, 51000), new InetSocketAddress(dst, 8443), "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", id);
    }

    @Test
    void shouldCarryTheAddressesAndPortsOfAnIpv4Client() {
        HAProxyMessage m = decode(session("10.0.0.1", "10.0.0.2", PeerIdentity.NONE));
        try {
            assertEquals(HAProxyProtocolVersion.V2, m.protocolVersion());
            assertEquals(HAProxyCommand.PROXY, m.command());
            assertEquals(HAProxyProxiedProtocol.TCP4, m.proxiedProtocol());
            assertEquals("10.0.0.1", m.sourceAddress());
            assertEquals("10.0.0.2", m.destinationAddress());
            assertEquals(51000, m.sourcePort());
            assertEquals(8443, m.destinationPort());
        } finally {
            m.release();
        }
    }

    @Test
    void shouldWriteAnIpv4DestinationIpv4MappedBesideAnIpv6Client() {
        HAProxyMessage m = decode(session("2001:db8::7", "10.0.0.2", PeerIdentity.NONE));
        try {
            assertEquals(HAProxyProxiedProtocol.TCP6, m.proxiedProtocol());
            assertEquals("2001:db8:0:0:0:0:0:7", m.sourceAddress());
            assertTrue(m.destinationAddress().endsWith("ffff:a00:2"), m.destinationAddress());
        } finally {
            m.release();
        }
    }

    @Test
    void shouldDescribeTheTlsSessionWithoutAClientCertificate() {
        HAProxyMessage m = decode(session("10.0.0.1", "10.0.0.2", PeerIdentity.NONE));
        try {
            HAProxySSLTLV ssl = ssl(m);
            assertTrue(ssl.isPP2ClientSSL());
            assertFalse(ssl.isPP2ClientCertConn(), "no client certificate");
            assertEquals(0, ssl.verify(), "0: nothing unverified");
            assertEquals("TLSv1.3", sub(ssl, ProxyProtocolV2.PP2_SUBTYPE_SSL_VERSION));
            assertEquals("TLS_AES_128_GCM_SHA256", sub(ssl, ProxyProtocolV2.PP2_SUBTYPE_SSL_CIPHER));
            assertEquals(null, sub(ssl, ProxyProtocolV2.PP2_SUBTYPE_SSL_CN));
            assertTrue(m.tlvs().stream().noneMatch(t -> (t.typeByteValue() & 0xff) == ProxyProtocolV2.PP2_TYPE_SPIFFE_ID),
                    "no SPIFFE TLV without a certificate");
        } finally {
            m.release();
        }
    }

    @Test
    void shouldNameTheVerifiedClientAndItsFirstSpiffeId() {
        HAProxyMessage m = decode(session("10.0.0.1", "10.0.0.2", ID));
        try {
            HAProxySSLTLV ssl = ssl(m);
            assertTrue(ssl.isPP2ClientCertConn());
            assertEquals("search-client", sub(ssl, ProxyProtocolV2.PP2_SUBTYPE_SSL_CN));
            HAProxyTLV spiffe = m.tlvs().stream().filter(t -> t.typeByteValue() == (byte) ProxyProtocolV2.PP2_TYPE_SPIFFE_ID)
                    .findFirst().orElseThrow();
            assertEquals("spiffe://cluster/ns/search/sa/indexer", spiffe.content().toString(StandardCharsets.UTF_8));
        } finally {
            m.release();
        }
    }

    private static HAProxySSLTLV ssl(HAProxyMessage m) {
        return (HAProxySSLTLV) m.tlvs().stream().filter(t -> t.type() == HAProxyTLV.Type.PP2_TYPE_SSL).findFirst().orElseThrow();
    }

    /** The sub-TLV of that type byte (Netty names only some of them). */
    private static String sub(HAProxySSLTLV ssl, int type) {
        return ssl.encapsulatedTLVs().stream().filter(t -> (t.typeByteValue() & 0xff) == type).findFirst()
                .map(t -> t.content().toString(StandardCharsets.US_ASCII)).orElse(null);
    }
}
