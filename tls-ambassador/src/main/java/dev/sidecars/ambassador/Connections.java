package dev.sidecars.ambassador;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Counts and tracks client connections: refuses those over the limit at accept, closes those past
 * their maximum lifetime, and tells the drain when the last one has gone.
 */
@ChannelHandler.Sharable
final class Connections extends ChannelInboundHandlerAdapter {

    private final int max;
    private final Duration maxLifetime;
    private final AmbassadorMetrics metrics;
    private final AtomicInteger active = new AtomicInteger();
    private final ChannelGroup open = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    Connections(int max, Duration maxLifetime, Function<Connections, AmbassadorMetrics> metrics) {
        this.max = max;
        this.maxLifetime = maxLifetime;
        this.metrics = metrics.apply(this);
    }

    int active() {
        return active.get();
    }

    AmbassadorMetrics metrics() {
        return metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (active.incrementAndGet() > max || draining) {
            active.decrementAndGet();
            metrics.rejectedAtLimit.increment();
            ch.close();
            ctx.pipeline().remove(this); // never counted, so no close listener to uncount it
            return;
        }
        metrics.accepted.increment();
        open.add(ch);
        if (!maxLifetime.isZero()) {
            var expiry = ch.eventLoop().schedule(() -> ch.close(), maxLifetime.toMillis(), TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(f -> expiry.cancel(false));
        }
        ctx.pipeline().remove(this);
        ch.closeFuture().addListener(f -> {
            if (active.decrementAndGet() == 0 && draining) {
                drained.complete(null);
            }
        });
        ctx.fireChannelActive();
    }

    /** Stops counting new connections in; completes when the open ones have closed. */
    CompletableFuture<Void> drain() {
        draining = true;
        if (active.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    void closeAll() {
        open.close();
    }
}
