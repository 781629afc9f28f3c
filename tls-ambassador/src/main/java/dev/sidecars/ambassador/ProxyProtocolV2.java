package dev.sidecars.ambassador;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the PROXY protocol v2 header (haproxy's proxy-protocol.txt, section 2.2) that tells the app
 * the client's address and TLS identity: a PP2_TYPE_SSL TLV with the version, CN and cipher, and the
 * first URI SAN (the SPIFFE ID) in the application-specific TLV {@code 0xE0}. Pure.
 */
final class ProxyProtocolV2 {

    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int PP2_TYPE_SSL = 0x20;
    static final int PP2_SUBTYPE_SSL_VERSION = 0x21;
    static final int PP2_SUBTYPE_SSL_CN = 0x22;
    static final int PP2_SUBTYPE_SSL_CIPHER = 0x23;
    static final int PP2_TYPE_SPIFFE_ID = 0xE0;
    static final int PP2_CLIENT_SSL = 0x01;
    static final int PP2_CLIENT_CERT_CONN = 0x02;

    private ProxyProtocolV2() {
    }

    static byte[] header(ClientSession session) {
        InetAddress src = session.source().getAddress();
        InetAddress dst = session.destination().getAddress();
        boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (v4) {
            body.writeBytes(src.getAddress());
            body.writeBytes(dst.getAddress());
        } else {
            body.writeBytes(ipv6(src));
            body.writeBytes(ipv6(dst));
        }
        writeShort(body, session.source().getPort());
        writeShort(body, session.destination().getPort());
        body.writeBytes(sslTlv(session));
        PeerIdentity id = session.identity();
        if (id.present() && !id.uris().isEmpty()) {
            tlv(body, PP2_TYPE_SPIFFE_ID, id.uris().getFirst().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(0x21); // version 2, PROXY command
        out.write(v4 ? 0x11 : 0x21); // TCP over IPv4 / IPv6
        writeShort(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] sslTlv(ClientSession session) {
        PeerIdentity id = session.identity();
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.write(PP2_CLIENT_SSL | (id.present() ? PP2_CLIENT_CERT_CONN : 0));
        value.writeBytes(new byte[] {0, 0, 0, 0}); // verify: 0, the certificate (if any) was verified
        tlv(value, PP2_SUBTYPE_SSL_VERSION, session.tlsVersion().getBytes(StandardCharsets.US_ASCII));
        if (id.present() && id.commonName() != null) {
            tlv(value, PP2_SUBTYPE_SSL_CN, id.commonName().getBytes(StandardCharsets.UTF_8));
        }
        tlv(value, PP2_SUBTYPE_SSL_CIPHER, session.cipher().getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlv(out, PP2_TYPE_SSL, value.toByteArray());
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        writeShort(out, value.length);
        out.writeBytes(value);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
    }

    /** IPv4 addresses in an IPv6 header are written IPv4-mapped. */
    private static byte[] ipv6(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
