package dev.sidecars.ambassador;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.sidecars.common.Drainable;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.relay.TcpListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslProvider;

/**
 * The ambassador's listener, in server or client mode: binds, accepts, and on drain stops accepting
 * and waits for open connections to finish. Tests start it on port 0 and close it.
 */
final class AmbassadorServer implements Drainable, AutoCloseable {

    private static final Log log = Log.get(AmbassadorServer.class);

    private final AmbassadorConfig config;
    private final TcpListener listener = new TcpListener();
    private final TlsState tls;
    private final Connections connections;
    private final TargetProbe probe;
    private final TargetConnector connector;
    private final TargetPool pool;
    private final SslProvider provider;

    private AmbassadorServer(AmbassadorConfig config, MeterRegistry registry) {
        this.config = config;
        this.provider = TlsContexts.provider(config.engine(), config.mode());
        TlsState loaded;
        try {
            loaded = TlsState.start(config, provider, registry);
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        this.tls = loaded;
        Gauge.builder("ambassador.info", () -> 1)
                .description("What this ambassador runs: its mode, protocol and TLS engine (openssl or jdk)")
                .tag("mode", config.mode().name().toLowerCase())
                .tag("protocol", config.protocol().name().toLowerCase())
                .tag("engine", provider.name().toLowerCase())
                .register(registry);
        this.connections = new Connections(config.maxConnections(), config.maxConnectionLifetime(),
                c -> new AmbassadorMetrics(registry, c::active));
        this.probe = new TargetProbe(config.target(), listener.workers());
        this.connector = new TargetConnector(config.target(), config.connectTimeout(), connections.metrics());
        this.pool = pooling(config) ? new TargetPool(config.targetKeepalive(), config.targetKeepaliveTimeout(), connector,
                connections.metrics()) : null;
    }

    /** Requests share connections to the app only in server mode, http, with keep-alive on and no per-connection header. */
    static boolean pooling(AmbassadorConfig config) {
        return config.mode() == AmbassadorConfig.Mode.SERVER && config.protocol() == AmbassadorConfig.Protocol.HTTP
                && config.targetKeepalive() > 0 && !config.proxyProtocol();
    }

    /** Builds and binds; a failed bind or unreadable certificate is a {@link StartupException}. */
    static AmbassadorServer start(AmbassadorConfig config, MeterRegistry registry) {
        AmbassadorServer server = new AmbassadorServer(config, registry);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() {
        listener.bind(config.listen(), config.mode() == AmbassadorConfig.Mode.SERVER
                ? new ServerInitializer(config, connections, tls, connector, pool)
                : new ClientModeInitializer(config, connections, tls, connector));
        if (config.readyRequiresTarget()) {
            probe.start();
        }
        log.info("listening", "address", String.valueOf(listener.localAddress()), "mode", config.mode().name().toLowerCase(),
                "protocol", config.protocol().name().toLowerCase(), "target", config.target().toString(),
                "engine", provider.name().toLowerCase(), "clientAuth", config.clientAuth().name().toLowerCase(),
                "targetKeepalive", pool == null ? "off" : String.valueOf(config.targetKeepalive()));
    }

    int port() {
        return listener.port();
    }

    TargetProbe probe() {
        return probe;
    }

    TlsState tls() {
        return tls;
    }

    SslProvider provider() {
        return provider;
    }

    int activeConnections() {
        return connections.active();
    }

    @Override
    public String name() {
        return "tls listener";
    }

    @Override
    public CompletionStage<Void> drain() {
        listener.stopAccepting(); // open connections go on
        if (pool != null) {
            pool.close(); // idle connections to the app go now, busy ones when their exchange ends
        }
        CompletableFuture<Void> drained = connections.drain();
        log.info("draining", "open", connections.active());
        return drained;
    }

    @Override
    public void forceClose() {
        connections.closeAll();
    }

    @Override
    public void close() {
        probe.close();
        listener.stopAccepting();
        connections.closeAll();
        if (pool != null) {
            pool.close();
        }
        listener.close();
        tls.close();
    }
}
