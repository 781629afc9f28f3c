package dev.sidecars.ambassador;

import java.time.Duration;
import java.util.function.Consumer;

import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.log.Log;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Opens the connection to the target for one client, on the client's own event loop (so the pair
 * never crosses threads), with reads under the relay's control and half-close allowed.
 */
final class TargetConnector {

    private static final Log log = Log.get(TargetConnector.class);

    private final HostPort target;
    private final Duration timeout;
    private final AmbassadorMetrics metrics;

    TargetConnector(HostPort target, Duration timeout, AmbassadorMetrics metrics) {
        this.target = target;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    HostPort target() {
        return target;
    }

    /**
     * Connects; {@code setup} adds the target side's handlers after the byte counter, and
     * {@code preamble} (may be null) is written before anything else.
     */
    Future<Channel> connect(Channel client, Consumer<Channel> setup, byte[] preamble) {
        Promise<Channel> result = client.eventLoop().newPromise();
        ChannelFuture connect = new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("rx-bytes", new ByteCounter(metrics.bytesToClient));
                        setup.accept(ch);
                    }
                })
                .connect(target.host(), target.port());
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                metrics.targetConnectFailures.increment();
                log.warn("cannot connect to the target", "target", target.toString(), "reason", String.valueOf(f.cause().getMessage()));
                result.setFailure(f.cause());
                return;
            }
            metrics.targetsOpened.increment();
            if (preamble != null) {
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(preamble));
            }
            result.setSuccess(f.channel());
        });
        return result;
    }
}
