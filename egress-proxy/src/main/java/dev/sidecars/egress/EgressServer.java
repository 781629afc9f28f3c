package dev.sidecars.egress;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.StartupException;
import dev.sidecars.common.log.Log;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The proxy's listener: binds, accepts app connections, and on drain stops accepting, lets each
 * connection finish its current request, and closes idle ones. Tests start it on port 0 with a
 * resolver of their own and close it.
 */
final class EgressServer implements Drainable, AutoCloseable {

    private static final Log log = Log.get(EgressServer.class);

    private final EgressConfig config;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup("apps", GlobalEventExecutor.INSTANCE);
    private final DestinationResolver resolver;
    private final AllowListSource allowList;
    private final EgressMetrics metrics;
    private final DecisionLog decisions;
    private Channel listener;

    private EgressServer(EgressConfig config, MeterRegistry registry, Function<EventLoop, DestinationResolver> resolvers,
                         PrintStream decisions) {
        this.config = config;
        this.metrics = new EgressMetrics(registry);
        this.decisions = new DecisionLog(decisions, config.decisionLog());
        AllowListSource source;
        try {
            source = new AllowListSource(config, registry);
        } catch (RuntimeException e) {
            shutdownLoops();
            throw e;
        }
        this.allowList = source;
        this.resolver = resolvers.apply((EventLoop) workers.next());
    }

    /** The production server: DNS through Netty's resolver, decision lines on stdout. */
    static EgressServer start(EgressConfig config, MeterRegistry registry) {
        return start(config, registry, loop -> new DnsResolver(loop, config.dnsTimeout()), System.out);
    }

    static EgressServer start(EgressConfig config, MeterRegistry registry, Function<EventLoop, DestinationResolver> resolvers,
                              PrintStream decisions) {
        EgressServer server = new EgressServer(config, registry, resolvers, decisions);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() {
        ProxyContext shared = new ProxyContext(config, allowList::policy, new Dialer(config, allowList::policy, resolver), metrics,
                decisions, clients);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ProxyInitializer(shared));
        try {
            listener = bootstrap.bind(config.listen().toSocketAddress()).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new StartupException("cannot listen on " + config.listen() + ": " + e.getMessage());
        }
        if (!config.listen().isLoopback()) {
            log.warn("listening outside loopback: anyone who reaches this address can use the proxy",
                    "address", config.listen().toString());
        }
        if (config.mode() == EgressConfig.Mode.OPEN) {
            log.warn("mode is open: every destination is allowed and only logged; use it for debugging, never in production");
        }
        log.info("listening", "address", String.valueOf(listener.localAddress()),
                "mode", config.mode().name().toLowerCase(), "allowEntries", config.allowList().size(),
                "routes", config.routes().all().size());
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    boolean isListening() {
        return listener != null && listener.isActive();
    }

    @Override
    public String name() {
        return "egress proxy";
    }

    @Override
    public CompletionStage<Void> drain() {
        if (listener != null) {
            listener.close(); // stop accepting; open connections finish their request
        }
        clients.forEach(ch -> ch.pipeline().fireUserEventTriggered(ProxyHandler.DRAIN));
        CompletableFuture<Void> drained = new CompletableFuture<>();
        clients.newCloseFuture().addListener(f -> drained.complete(null));
        log.info("draining", "open", clients.size());
        return drained;
    }

    @Override
    public void forceClose() {
        clients.close();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        clients.close().awaitUninterruptibly();
        if (resolver != null) {
            resolver.close();
        }
        allowList.close();
        shutdownLoops();
        decisions.close();
    }

    /** Writes the decision lines still queued; the process's shutdown hook, so an exit loses none. */
    void flushDecisions() {
        decisions.close();
    }

    private void shutdownLoops() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
