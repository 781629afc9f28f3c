package dev.sidecars.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Streams an upstream's response to the app connection: each head as the request in flight decides
 * it ({@link InFlightRequest#responseHead}), 1xx heads other than 101 passed on before the final one,
 * then the body, reading the upstream again only while the app connection is writable, so that a
 * slow app slows the upstream instead of filling memory. One per app connection.
 */
final class ResponseRelay {

    private final ChannelHandlerContext app;
    /**
     * From the head of the latest request's response until the next request begins: the app
     * becoming writable again resumes reading the upstream. It outlives the request on purpose.
     */
    private boolean responding;

    ResponseRelay(ChannelHandlerContext app) {
        this.app = app;
    }

    /** A new request begins: no response to it has started. */
    void nextRequest() {
        responding = false;
    }

    /** Writes one message of the response to the app; true when it ended the final response. */
    boolean relay(InFlightRequest request, HttpObject msg, Channel upstream, boolean draining) {
        if (msg instanceof HttpResponse response) {
            request.responseHead(response, draining);
            responding |= request.responseStarted;
            app.write(response);
            if (!(msg instanceof HttpContent) && app.channel().isWritable()) {
                upstream.read(); // the head may arrive alone: ask for the body
            }
        }
        if (!(msg instanceof HttpContent content)) {
            return false;
        }
        boolean last = content instanceof LastHttpContent;
        app.writeAndFlush(content);
        if (last && request.informational) {
            request.informational = false;
        } else if (last) {
            return true;
        }
        if (app.channel().isWritable()) {
            upstream.read();
        }
        return false;
    }

    /** The app connection can take more again. */
    void appWritable(Channel upstream) {
        if (responding) {
            upstream.read();
        }
    }
}
