package dev.sidecars.ambassador;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 messages read and written byte by byte, without a library between the test and the wire:
 * the tests need to send what a library would refuse (smuggling attempts, pipelining) and see exactly
 * what arrived.
 */
final class RawHttp {

    /** A request or response: its first line, its headers as sent, its body with the framing removed. */
    record Message(String startLine, List<String[]> headers, byte[] body) {

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The next message, or null at the end of the stream before its first byte. */
    static Message read(InputStream in, boolean isResponseToHead) throws IOException {
        String start = line(in);
        if (start == null) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        Message head = new Message(start, headers, new byte[0]);
        boolean response = start.startsWith("HTTP/");
        if (isResponseToHead || (response && noContentStatus(start))) {
            return head;
        }
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new Message(start, headers, chunked(in));
        }
        if (cl != null) {
            return new Message(start, headers, in.readNBytes(Integer.parseInt(cl)));
        }
        return new Message(start, headers, response ? in.readAllBytes() : new byte[0]);
    }

    private static boolean noContentStatus(String statusLine) {
        int code = Integer.parseInt(statusLine.split(" ")[1]);
        return code / 100 == 1 || code == 204 || code == 304;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** One line without its CRLF, or null at the end of the stream. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Writes {@code body} chunked, in pieces of {@code piece} bytes. */
    static void writeChunked(OutputStream out, byte[] body, int piece) throws IOException {
        for (int off = 0; off < body.length; off += piece) {
            int n = Math.min(piece, body.length - off);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
