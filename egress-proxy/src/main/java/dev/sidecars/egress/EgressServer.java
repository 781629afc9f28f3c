package dev.sidecars.egress;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.relay.TcpListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The proxy's listener: binds, accepts app connections, and on drain stops accepting, lets each
 * connection finish its current request, and closes idle ones. Tests start it on port 0 with a
 * resolver of their own and close it.
 */
final class EgressServer implements Drainable, AutoCloseable {

    private static final Log log = Log.get(EgressServer.class);

    private final EgressConfig config;
    private final TcpListener listener = new TcpListener();
    private final ChannelGroup clients = new DefaultChannelGroup("apps", GlobalEventExecutor.INSTANCE);
    private final DestinationResolver resolver;
    private final AllowListSource allowList;
    private final EgressMetrics metrics;
    private final DecisionLog decisions;

    private EgressServer(EgressConfig config, MeterRegistry registry, Function<EventLoop, DestinationResolver> resolvers,
                         PrintStream decisions) {
        this.config = config;
        this.metrics = new EgressMetrics(registry);
        this.decisions = new DecisionLog(decisions, config.decisionLog());
        AllowListSource source;
        try {
            source = new AllowListSource(config, registry);
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        this.allowList = source;
        this.resolver = resolvers.apply((EventLoop) listener.workers().next());
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
        listener.bind(config.listen(), new ProxyInitializer(shared));
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
        return listener.port();
    }

    boolean isListening() {
        return listener.isListening();
    }

    @Override
    public String name() {
        return "egress proxy";
    }

    @Override
    public CompletionStage<Void> drain() {
        listener.stopAccepting(); // open connections finish their request
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
        listener.stopAccepting();
        clients.close().awaitUninterruptibly();
        if (resolver != null) {
            resolver.close();
        }
        allowList.close();
        listener.close();
        decisions.close();
    }

    /** Writes the decision lines still queued; the process's shutdown hook, so an exit loses none. */
    void flushDecisions() {
        decisions.close();
    }
}
