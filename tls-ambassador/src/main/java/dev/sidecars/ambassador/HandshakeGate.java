package dev.sidecars.ambassador;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.sidecars.common.log.Log;
import dev.sidecars.common.relay.Tunnel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Server mode, after TLS: counts the handshake, checks the client's identity against the allow-lists
 * (on every connection, so a resumed session is checked like a full handshake), connects to the
 * target and joins the two in a {@link Tunnel}; or, in http mode with keep-alive to the app, hands the
 * connection to a {@link PooledHttpRelay}, which borrows a connection to the app per request. Data the
 * client sent with its last handshake flight is held until then. Removes itself once the relay stands.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private static final Log log = Log.get(HandshakeGate.class);

    private final AmbassadorConfig config;
    private final AmbassadorMetrics metrics;
    private final TargetConnector connector;
    private final TargetPool pool;
    private final Queue<Object> early = new ArrayDeque<>();
    private boolean closed;

    /** {@code pool} is null unless requests may share connections to the app (http mode, keep-alive on). */
    HandshakeGate(AmbassadorConfig config, AmbassadorMetrics metrics, TargetConnector connector, TargetPool pool) {
        this.config = config;
        this.metrics = metrics;
        this.connector = connector;
        this.pool = pool;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        Channel ch = ctx.channel();
        if (!done.isSuccess()) {
            String reason = HandshakeFailure.reason(done.cause());
            metrics.handshakeFailure(reason);
            log.debug("TLS handshake failed", "client", String.valueOf(ch.remoteAddress()), "reason", reason,
                    "detail", String.valueOf(done.cause().getMessage()));
            ctx.close();
            return;
        }
        SSLSession tls = ch.pipeline().get(SslHandler.class).engine().getSession();
        PeerIdentity identity = PeerIdentity.NONE;
        if (config.mutualTls()) {
            try {
                identity = PeerIdentity.of((java.security.cert.X509Certificate) tls.getPeerCertificates()[0]);
            } catch (SSLPeerUnverifiedException e) {
                identity = PeerIdentity.NONE; // optional client auth and no certificate sent
            }
        }
        IdentityPolicy.Decision decision = config.identityPolicy().check(identity);
        if (!decision.allowed()) {
            metrics.denial(decision.reason());
            log.warn("client denied", "client", String.valueOf(ch.remoteAddress()), "reason", decision.reason(),
                    "identity", identity.describe());
            ctx.close();
            return;
        }
        metrics.handshake(tls.getProtocol(), tls.getCipherSuite());
        ClientSession session = new ClientSession((InetSocketAddress) ch.remoteAddress(),
                (InetSocketAddress) ch.localAddress(), tls.getProtocol(), tls.getCipherSuite(), identity);
        if (pool != null) {
            // Requests borrow pooled connections to the app one at a time; nothing to connect now.
            ch.pipeline().addLast("http", new HttpServerCodec());
            ch.pipeline().addLast("forwarded", new ForwardedHeaders(session));
            ch.pipeline().addLast("pooled", new PooledHttpRelay(pool, connector));
            releaseHeldData(ctx);
            return;
        }
        connector.connect(ch, target -> {
            if (config.protocol() == AmbassadorConfig.Protocol.HTTP) {
                target.pipeline().addLast("http", new HttpClientCodec());
                target.pipeline().addLast("switch", new ProtocolSwitch(ch));
            }
        }, config.proxyProtocol() ? ProxyProtocolV2.header(session) : null).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            Channel target = (Channel) f.getNow();
            if (!ch.isActive()) {
                target.close(); // the client left while we were connecting
                return;
            }
            if (config.protocol() == AmbassadorConfig.Protocol.HTTP) {
                ch.pipeline().addLast("http", new HttpServerCodec());
                ch.pipeline().addLast("forwarded", new ForwardedHeaders(session));
            }
            Tunnel.join(ch, target);
            releaseHeldData(ctx);
        });
    }

    /** What the client sent with its last handshake flight goes on to the handlers now in place. */
    private void releaseHeldData(ChannelHandlerContext ctx) {
        while (!early.isEmpty()) {
            ctx.fireChannelRead(early.poll());
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        early.add(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        releaseEarly();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // SslHandler also reports handshake failures here; the completion event above counts them.
        log.debug("connection failed before the tunnel", "reason", String.valueOf(cause));
        ctx.close();
    }

    private void releaseEarly() {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }
}
