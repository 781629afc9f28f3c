package dev.sidecars.ambassador;

import dev.sidecars.common.relay.IdleCloser;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * One pipeline per accepted connection, one concern per handler:
 * limit → idle → plain-text detection → TLS (with the context in service now, or the one SNI chooses) →
 * byte count →
 * handshake gate (identity, then the relay: a target connection of its own, or in http mode with
 * keep-alive, pooled ones borrowed per request).
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final AmbassadorConfig config;
    private final Connections connections;
    private final TlsState tls;
    private final TargetConnector connector;
    private final TargetPool pool;
    private final ByteCounter fromClient;

    ServerInitializer(AmbassadorConfig config, Connections connections, TlsState tls, TargetConnector connector, TargetPool pool) {
        this.config = config;
        this.connections = connections;
        this.tls = tls;
        this.connector = connector;
        this.pool = pool;
        this.fromClient = new ByteCounter(connections.metrics().bytesFromClient);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", connections);
        IdleCloser.install(p, config.idleTimeout());
        p.addLast("detect", new PlainHttpDetector(config.protocol() == AmbassadorConfig.Protocol.HTTP, connections.metrics()));
        if (tls.sni()) {
            p.addLast("tls", new SniSelector(tls, connections.metrics(), config.handshakeTimeout()));
        } else {
            SslHandler ssl = tls.context().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
            p.addLast("tls", ssl);
        }
        p.addLast("rx-bytes", fromClient);
        p.addLast("gate", new HandshakeGate(config, connections.metrics(), connector, pool));
    }
}
