package dev.sidecars.common.relay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/** Closes a connection that the {@code IdleStateHandler} before it reports idle. */
@ChannelHandler.Sharable
public final class IdleCloser extends ChannelInboundHandlerAdapter {

    private static final IdleCloser INSTANCE = new IdleCloser();

    /** Adds the idle timer and this closer to a pipeline; a zero timeout means no idle limit. */
    public static void install(ChannelPipeline pipeline, Duration idleTimeout) {
        if (!idleTimeout.isZero()) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
            pipeline.addLast("idle-close", INSTANCE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
