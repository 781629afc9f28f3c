package dev.sidecars.egress;

import dev.sidecars.common.log.Log;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/** The end of an upstream connection's pipeline: hands the decoded response to the app connection's handler. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Log log = Log.get(UpstreamHandler.class);

    private final ProxyHandler proxy;

    UpstreamHandler(ProxyHandler proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http) {
            proxy.fromUpstream(ctx.channel(), http);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            proxy.upstreamWritable(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        proxy.upstreamClosed(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("upstream connection failed", "reason", String.valueOf(cause));
        ctx.close();
    }
}
