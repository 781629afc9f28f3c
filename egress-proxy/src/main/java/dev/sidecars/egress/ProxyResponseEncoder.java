package dev.sidecars.egress;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Encodes responses to the app. Knows, from the proxy handler, when the request was a HEAD: the
 * upstream's response then has headers that announce a body which never follows, and the encoder
 * must not write a chunked terminator for it.
 */
final class ProxyResponseEncoder extends HttpResponseEncoder {

    private boolean bodiless;

    void expectBodiless(boolean bodiless) {
        this.bodiless = bodiless;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse response) {
        return (bodiless && response.status().code() >= 200) || super.isContentAlwaysEmpty(response);
    }
}
