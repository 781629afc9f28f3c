package dev.sidecars.ambassador;

import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/** Names why a handshake failed, for the metric's {@code reason} tag and the log line. Pure. */
final class HandshakeFailure {

    private HandshakeFailure() {
    }

    static String reason(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        if (t instanceof ClosedChannelException) {
            return "closed_by_client";
        }
        // The useful words may sit in any cause (e.g. "General SSLEngine problem" over a PKIX failure).
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null && all.length() < 4000; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        String m = all.toString().toLowerCase(Locale.ROOT);
        if (m.contains("certificate_required") || m.contains("peer_did_not_return_a_certificate")
                || m.contains("empty client certificate chain") || m.contains("no client certificate")) {
            return "no_client_certificate";
        }
        if (m.contains("protocol_version") || m.contains("unsupported_protocol") || m.contains("protocol is disabled")
                || m.contains("wrong_version") || m.contains("no appropriate protocol") || m.contains("unsupported protocol")) {
            return "protocol_version";
        }
        if (m.contains("cipher") || m.contains("handshake_failure") && m.contains("shared")) {
            return "no_shared_cipher";
        }
        if (m.contains("certificate") || m.contains("pkix") || m.contains("unknown_ca") || m.contains("bad_certificate")
                || m.contains("subject alternative") || m.contains("certpath") || m.contains("verify")) {
            return "bad_certificate";
        }
        if (m.contains("not an ssl/tls record") || m.contains("unexpected_message") || m.contains("decode_error")) {
            return "malformed";
        }
        return "other";
    }
}
