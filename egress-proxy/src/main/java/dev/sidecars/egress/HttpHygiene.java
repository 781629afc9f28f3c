package dev.sidecars.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The header rules of a forward proxy: which requests are refused as smuggling attempts, and which
 * headers never cross the proxy (hop-by-hop ones, credentials meant for the proxy, our own denial
 * header). Pure functions over Netty's message objects.
 */
final class HttpHygiene {

    /** The header on a 403 from the proxy that says why; an upstream copy is always removed. */
    static final String DENIAL_HEADER = "X-Egress-Denied";
    /** The header on the proxy's other answers (bad request, limits, DNS and connect failures). */
    static final String ERROR_HEADER = "X-Egress-Error";

    private static final List<CharSequence> HOP_BY_HOP = List.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);

    private HttpHygiene() {
    }

    /** Why a request cannot be forwarded: the decoder's failure or a {@link #smugglingProblem}; null if it can. */
    static String requestProblem(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return String.valueOf(request.decoderResult().cause().getMessage());
        }
        return smugglingProblem(request);
    }

    /**
     * Why a request cannot be forwarded safely, or null. The decoder has already refused
     * Content-Length together with Transfer-Encoding and malformed chunks (see {@link StrictRequestDecoder}).
     */
    static String smugglingProblem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1 || (lengths.size() == 1 && lengths.getFirst().contains(","))) {
            return "more than one Content-Length";
        }
        if (lengths.size() == 1 && !lengths.getFirst().matches("[0-9]{1,18}")) {
            return "Content-Length is not a number";
        }
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!encodings.isEmpty()) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return "Transfer-Encoding in an HTTP/1.0 request";
            }
            if (!lengths.isEmpty()) {
                return "Content-Length together with Transfer-Encoding";
            }
            if (encodings.size() != 1 || !encodings.getFirst().trim().equalsIgnoreCase("chunked")) {
                return "Transfer-Encoding other than a single \"chunked\"";
            }
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            return "more than one Host header";
        }
        return null;
    }

    /** Prepares an upstream response for the app: hop-by-hop headers and any forged proxy header go. */
    static void cleanResponse(HttpMessage response) {
        stripHopByHop(response);
        response.headers().remove(DENIAL_HEADER);
        response.headers().remove(ERROR_HEADER);
    }

    /** Removes hop-by-hop headers, and every header the Connection header names, from a message. */
    static void stripHopByHop(HttpMessage message) {
        HttpHeaders headers = message.headers();
        List<String> named = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
                    named.add(name);
                }
            }
        }
        for (CharSequence name : HOP_BY_HOP) {
            headers.remove(name);
        }
        for (String name : named) {
            // Never let Connection strip the framing headers: that is a desync vector of its own.
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("host")) {
                headers.remove(name);
            }
        }
    }
}
