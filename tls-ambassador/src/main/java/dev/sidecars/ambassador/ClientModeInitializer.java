package dev.sidecars.ambassador;

import javax.net.ssl.SSLEngine;

import dev.sidecars.common.log.Log;
import dev.sidecars.common.relay.IdleCloser;
import dev.sidecars.common.relay.Tunnel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;

/**
 * Client mode: a plain connection from the app on loopback; TLS is originated to the remote target,
 * whose certificate and host name ({@code AMBASSADOR_SERVER_NAME}, default the target host) are
 * verified, and the two are joined once the handshake succeeded.
 */
final class ClientModeInitializer extends ChannelInitializer<SocketChannel> {

    private static final Log log = Log.get(ClientModeInitializer.class);

    private final AmbassadorConfig config;
    private final Connections connections;
    private final TlsState tls;
    private final TargetConnector connector;

    ClientModeInitializer(AmbassadorConfig config, Connections connections, TlsState tls, TargetConnector connector) {
        this.config = config;
        this.connections = connections;
        this.tls = tls;
        this.connector = connector;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", connections);
        IdleCloser.install(p, config.idleTimeout());
        p.addLast("rx-bytes", new ByteCounter(connections.metrics().bytesFromClient));
        p.addLast("originate", new Originate());
    }

    /** Connects out with TLS when the app connects; nothing is read from the app until TLS stands. */
    private final class Originate extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel app = ctx.channel();
            Future<Channel> connected = connector.connect(app, remote -> {
                SslHandler ssl = tls.context().newHandler(remote.alloc(), config.serverName(), config.target().port());
                ssl.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
                SSLEngine engine = ssl.engine();
                remote.pipeline().addFirst("tls", ssl);
                remote.pipeline().addLast("handshake", new RemoteHandshake(app, engine));
            }, null);
            connected.addListener(f -> {
                if (!f.isSuccess()) {
                    app.close();
                }
            });
            ctx.fireChannelActive();
        }
    }

    /** Joins app and remote once the remote's certificate checked out; otherwise says why, once. */
    private final class RemoteHandshake extends ChannelInboundHandlerAdapter {
        private final Channel app;
        private final SSLEngine engine;

        RemoteHandshake(Channel app, SSLEngine engine) {
            this.app = app;
            this.engine = engine;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read(); // AUTO_READ is off; the handshake needs the server's flight
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            if (!done.isSuccess()) {
                String reason = HandshakeFailure.reason(done.cause());
                connections.metrics().handshakeFailure(reason);
                log.warn("TLS to the remote failed; closing the app's connection", "target", config.target().toString(),
                        "serverName", config.serverName(), "reason", reason, "detail", String.valueOf(rootMessage(done.cause())));
                ctx.close();
                app.close();
                return;
            }
            connections.metrics().handshake(engine.getSession().getProtocol(), engine.getSession().getCipherSuite());
            ctx.pipeline().remove(this);
            if (!app.isActive()) {
                ctx.close();
                return;
            }
            Tunnel.join(app, ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the handshake event above reports the reason
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
