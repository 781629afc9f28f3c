package dev.sidecars.egress;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, except that Content-Length together with Transfer-Encoding is refused
 * instead of resolved in favour of chunked: a proxy that "fixes" an ambiguous request passes on
 * something the next hop may read differently (request smuggling).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16384;

    StrictRequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("Content-Length together with Transfer-Encoding");
    }
}
