package dev.sidecars.egress;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The proxy's own answers: a short plain-text body that says what happened and a header with the
 * reason code, so both a person and a program can tell a refusal by the proxy from the upstream's
 * answer. Never a {@code 200} with an empty body, which is what the book's simple-proxy sends.
 */
final class Refusals {

    private Refusals() {
    }

    static FullHttpResponse response(int status, String reason, String detail, boolean close) {
        HttpResponseStatus code = HttpResponseStatus.valueOf(status);
        String body = "egress-proxy: " + (status == 403 ? "denied" : code.reasonPhrase().toLowerCase()) + " ("
                + reason + ")" + (detail == null ? "" : ": " + detail) + "\n";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(status == 403 ? HttpHygiene.DENIAL_HEADER : HttpHygiene.ERROR_HEADER, reason);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
