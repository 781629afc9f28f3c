package dev.sidecars.ambassador;

import java.util.concurrent.ScheduledFuture;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a pooled connection to the app, for its whole life: passes what the app sends to
 * the exchange that holds the connection, and while the connection rests in the pool treats anything
 * from the app (data, FIN) as the end of it. Pooled connections never half-close: a FIN closes them.
 */
final class PooledTarget extends ChannelInboundHandlerAdapter {

    private TargetExchange owner;
    private ScheduledFuture<?> idleExpiry;

    static PooledTarget of(Channel ch) {
        return ch.pipeline().get(PooledTarget.class);
    }

    /** The connection goes to {@code exchange}. */
    void lend(TargetExchange exchange) {
        this.owner = exchange;
    }

    /** The connection leaves the pool: its idle timer stops. */
    void leave() {
        if (idleExpiry != null) {
            idleExpiry.cancel(false);
            idleExpiry = null;
        }
    }

    /** The connection rests in the pool until {@code expiry} closes it. */
    void rest(ScheduledFuture<?> expiry) {
        this.owner = null;
        this.idleExpiry = expiry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (owner == null) {
            ReferenceCountUtil.release(msg); // an idle connection has nothing to say: it is no longer in step
            ctx.close();
            return;
        }
        owner.fromTarget(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.targetReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (owner != null && ctx.channel().isWritable()) {
            owner.targetDrained();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the app has finished with this connection
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leave();
        if (owner != null) {
            TargetExchange o = owner;
            owner = null;
            o.targetClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
