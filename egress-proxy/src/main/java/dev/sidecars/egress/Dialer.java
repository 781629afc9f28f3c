package dev.sidecars.egress;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.sidecars.common.relay.IdleCloser;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Resolves a destination, checks every address against the policy (unless a route trusts it), and
 * connects to the address that was checked: no second lookup, so DNS rebinding cannot swap it. The
 * upstream channel runs on the app connection's event loop, reads on demand, and counts its bytes.
 */
final class Dialer {

    /** What the app connection's handler does with the result; exactly one of the two is called. */
    interface Outcome {

        /** False once the app has gone or the exchange ended: a late result is then dropped. */
        boolean wanted();

        void connected(Channel upstream);

        /** No connection: {@code status} is the proxy's answer, or 0 when nobody is waiting for one. */
        void failed(int status, String reason, String detail);
    }

    private final EgressConfig config;
    private final Supplier<EgressPolicy> policy;
    private final DestinationResolver resolver;

    Dialer(EgressConfig config, Supplier<EgressPolicy> policy, DestinationResolver resolver) {
        this.config = config;
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * @param http the handler at the end of an HTTP upstream's pipeline (after its codec); null for a
     *             tunnel, whose upstream carries raw bytes and may be half-closed
     */
    void dial(Authority destination, boolean trusted, Exchange exchange, EventLoop loop, ChannelHandler http,
              Outcome outcome) {
        Outcome once = new Once(outcome);
        Future<List<InetAddress>> lookup = switch (destination.host()) {
            case Host.Ip ip -> loop.newSucceededFuture(List.of(ip.address()));
            case Host.Name name -> resolver.resolveAll(name.ascii());
        };
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (!lookup.isDone()) {
                once.failed(504, "dns-timeout", "resolving " + destination.host().text() + " took longer than "
                        + config.dnsTimeout().toMillis() + " ms");
            }
        }, config.dnsTimeout().toMillis(), TimeUnit.MILLISECONDS);
        lookup.addListener(done -> loop.execute(() -> {
            timeout.cancel(false);
            if (!once.wanted()) {
                once.failed(0, null, null);
                return;
            }
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                once.failed(502, "dns-failure", destination.host().text() + " does not resolve"
                        + (cause instanceof UnknownHostException ? "" : ": " + cause.getMessage()));
                return;
            }
            @SuppressWarnings("unchecked")
            List<InetAddress> addresses = (List<InetAddress>) done.getNow();
            InetAddress chosen = choose(addresses, trusted, exchange, once);
            if (chosen == null) {
                return;
            }
            exchange.address = chosen;
            connect(chosen, destination.port(), loop, http).addListener((ChannelFuture f) -> {
                if (!once.wanted()) {
                    f.channel().close();
                    once.failed(0, null, null);
                } else if (f.isSuccess()) {
                    once.connected(f.channel());
                } else {
                    boolean slow = f.cause() instanceof ConnectTimeoutException;
                    once.failed(slow ? 504 : 502, slow ? "connect-timeout" : "connect-failed",
                            "connecting to " + chosen.getHostAddress() + ":" + destination.port() + " failed: "
                                    + connectFailure(f.cause()));
                }
            });
        }));
    }

    /**
     * The first address the policy allows. With none, the first one's denial is recorded; enforced it
     * ends the dial (null), reported or open the first address is dialled anyway.
     */
    private InetAddress choose(List<InetAddress> addresses, boolean trusted, Exchange exchange, Outcome outcome) {
        if (addresses.isEmpty()) {
            outcome.failed(502, "dns-failure", "no addresses");
            return null;
        }
        if (trusted) {
            return addresses.getFirst();
        }
        EgressPolicy current = policy.get();
        Decision firstDenial = null;
        for (InetAddress address : addresses) {
            Decision decision = current.checkAddress(address);
            if (decision.allowed()) {
                return address;
            }
            if (firstDenial == null) {
                firstDenial = decision;
            }
        }
        EgressConfig.Mode mode = config.mode();
        exchange.address = addresses.getFirst();
        exchange.apply(firstDenial, mode);
        if (mode == EgressConfig.Mode.ENFORCE) {
            outcome.failed(403, firstDenial.reason(), firstDenial.detail());
            return null;
        }
        return addresses.getFirst();
    }

    private ChannelFuture connect(InetAddress address, int port, EventLoop loop, ChannelHandler http) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, http == null)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new WireBytes());
                        IdleCloser.install(ch.pipeline(), config.idleTimeout());
                        if (http != null) {
                            ch.pipeline().addLast(new HttpClientCodec());
                            ch.pipeline().addLast(http);
                        }
                    }
                })
                .connect(new InetSocketAddress(address, port));
    }

    private static String connectFailure(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof ConnectTimeoutException) {
            return "timed out";
        }
        return String.valueOf(cause.getMessage());
    }

    /** Lets one result through: a DNS timeout and a late answer, say, must not both be acted on. */
    private static final class Once implements Outcome {

        private final Outcome outcome;
        private boolean settled;

        Once(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public boolean wanted() {
            return !settled && outcome.wanted();
        }

        @Override
        public void connected(Channel upstream) {
            if (!settled) {
                settled = true;
                outcome.connected(upstream);
            }
        }

        @Override
        public void failed(int status, String reason, String detail) {
            if (!settled) {
                settled = true;
                outcome.failed(status, reason, detail);
            }
        }
    }
}
