package dev.sidecars.common.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER to re-wrap the traditional OpenSSL key formats (PKCS#1 RSA, SEC1 EC) as
 * PKCS#8, which is the only encoding the JDK's key factories read.
 */
final class Der {

    static final byte SEQUENCE = 0x30;
    static final byte INTEGER = 0x02;
    static final byte OCTET_STRING = 0x04;
    static final byte NULL = 0x05;
    static final byte OID = 0x06;

    static final byte[] RSA_ENCRYPTION = {OID, 9, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};
    static final byte[] EC_PUBLIC_KEY = {OID, 7, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

    private Der() {
    }

    /** One element: its tag, its whole encoding, and where its content starts. */
    record Element(int tag, byte[] encoded, int contentOffset) {
        byte[] content() {
            return Arrays.copyOfRange(encoded, contentOffset, encoded.length);
        }
    }

    static byte[] tlv(byte tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] body = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        writeLength(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    /** The elements directly inside a SEQUENCE. */
    static List<Element> sequenceItems(byte[] der) {
        Element outer = read(der, 0);
        if (outer.tag() != (SEQUENCE & 0xff)) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        byte[] content = outer.content();
        List<Element> items = new ArrayList<>();
        int pos = 0;
        while (pos < content.length) {
            Element e = read(content, pos);
            items.add(e);
            pos += e.encoded().length;
        }
        return items;
    }

    static Element read(byte[] data, int offset) {
        if (offset + 2 > data.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = data[offset] & 0xff;
        int first = data[offset + 1] & 0xff;
        int headerLength = 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || offset + 2 + n > data.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (data[offset + 2 + i] & 0xff);
            }
            headerLength += n;
        }
        if (length < 0 || offset + headerLength + length > data.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(tag, Arrays.copyOfRange(data, offset, offset + headerLength + length), headerLength);
    }
}
