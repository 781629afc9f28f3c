package dev.sidecars.ambassador;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the plain-text bytes a channel reads; placed right after TLS, before any HTTP codec. */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelInboundHandlerAdapter {

    private final Counter counter;

    ByteCounter(Counter counter) {
        this.counter = counter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counter.increment(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
