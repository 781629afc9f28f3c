package dev.sidecars.common.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;

/** Whether the peer of a (possibly TLS) connection has finished sending: a FIN, or a TLS close_notify. */
public final class PeerInput {

    private PeerInput() {
    }

    /**
     * The FIN or close_notify has already arrived: it may have come with the first data, before the
     * handler that asks was in the pipeline, and so was never seen by it as an event.
     */
    public static boolean alreadyDone(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return (ctx.channel() instanceof DuplexChannel duplex && duplex.isInputShutdown())
                || (ssl != null && ssl.engine().isInboundDone());
    }

    /**
     * For an {@code SslCloseCompletionEvent}: SslHandler also fires it after <em>our</em> close_notify
     * (the OpenSSL engine reports CLOSED once its outbound is done); only a closed inbound means the
     * peer has finished sending.
     */
    public static boolean sentCloseNotify(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return ssl == null || ssl.engine().isInboundDone();
    }
}
