package dev.sidecars.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the bytes a channel reads, first in its pipeline; exchanges take the difference over their life. */
final class WireBytes extends ChannelInboundHandlerAdapter {

    private long total;

    long total() {
        return total;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            total += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }
}
