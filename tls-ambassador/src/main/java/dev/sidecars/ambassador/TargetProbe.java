package dev.sidecars.ambassador;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.admin.CheckResult;
import dev.sidecars.common.env.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Whether the target accepts TCP connections, probed in the background (a readiness check must
 * answer at once), so that {@code /readyz} fails while the app is down, as ghostunnel's status does.
 */
final class TargetProbe implements AutoCloseable {

    static final long INTERVAL_MS = 2000;

    private final HostPort target;
    private final EventLoopGroup group;
    private volatile CheckResult last = CheckResult.failed("not probed yet");
    private ScheduledFuture<?> schedule;

    TargetProbe(HostPort target, EventLoopGroup group) {
        this.target = target;
        this.group = group;
    }

    TargetProbe start() {
        schedule = group.scheduleWithFixedDelay(this::probe, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    CheckResult result() {
        return last;
    }

    private void probe() {
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(target.host(), target.port())
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        last = CheckResult.passed();
                        f.channel().close();
                    } else {
                        last = CheckResult.failed("target " + target + " does not accept connections: " + f.cause().getMessage());
                    }
                });
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
