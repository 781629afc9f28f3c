package dev.sidecars.common.relay;

import dev.sidecars.common.log.Log;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

/**
 * One direction of a {@link Tunnel}: what this channel reads is written to the peer, and this channel
 * reads again only while the peer's outbound buffer is below its high-water mark (64 KiB by default),
 * so a slow receiver slows the sender down instead of making the proxy buffer (backpressure through
 * {@code AUTO_READ=false}). Waiting for each write to complete instead halved 1 MiB throughput.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Log log = Log.get(RelayHandler.class);

    private final Tunnel tunnel;
    private final Channel peer;

    RelayHandler(Tunnel tunnel, Channel peer) {
        this.tunnel = tunnel;
        this.peer = peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.read();
            // A FIN or close_notify that came with the first data, before the tunnel stood, was not
            // seen here: act on it after that data (queued by the caller of join) has been forwarded.
            if (PeerInput.alreadyDone(ctx)) {
                ctx.executor().execute(() -> tunnel.inputDone(ctx.channel()));
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        tunnel.forward(ctx.channel(), msg).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("relay write failed", "reason", String.valueOf(f.cause()));
                tunnel.closeBoth();
            }
        });
        // Read on only while the peer's outbound buffer is below its high-water mark; otherwise the
        // peer's handler asks for the next read when the buffer has drained (channelWritabilityChanged).
        if (peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer.isActive()) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // A FIN, or a TLS close_notify (which may come without a FIN): the sender has finished.
        if (evt instanceof ChannelInputShutdownEvent) {
            tunnel.inputDone(ctx.channel());
        } else if (evt instanceof SslCloseCompletionEvent && PeerInput.sentCloseNotify(ctx)) {
            // SslHandler reports close_notify before it passes on the data decrypted in the same read:
            // act on it only after that data has been forwarded.
            ctx.executor().execute(() -> tunnel.inputDone(ctx.channel()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        tunnel.closed(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
