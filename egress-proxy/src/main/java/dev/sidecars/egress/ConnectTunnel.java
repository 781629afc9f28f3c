package dev.sidecars.egress;

import java.nio.charset.StandardCharsets;
import java.util.Queue;

import dev.sidecars.common.relay.Tunnel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

/**
 * Sets up the byte tunnel of an allowed {@code CONNECT}. {@link ProxyHandler} stops parsing the
 * app's bytes as soon as it sees the request, checks the destination like any other and dials it;
 * this class holds a place under the tunnel limit meanwhile, and once the upstream is connected
 * answers {@code 200}, passes on what the app sent early, leaves the app connection to a
 * {@link Tunnel} between the two channels, and logs the exchange when either side closes.
 */
final class ConnectTunnel {

    private static final String ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n";

    private final ProxyContext shared;
    private final Exchange exchange;
    private final WireBytes fromClient;

    private ConnectTunnel(ProxyContext shared, Exchange exchange, WireBytes fromClient) {
        this.shared = shared;
        this.exchange = exchange;
        this.fromClient = fromClient;
    }

    /** Takes a place under the tunnel limit; null, counted as a rejection, when every place is taken. */
    static ConnectTunnel reserve(ProxyContext shared, Exchange exchange, WireBytes fromClient) {
        int open = shared.metrics().tunnels.incrementAndGet();
        if (open > shared.config().maxTunnels()) {
            shared.metrics().tunnels.decrementAndGet();
            shared.metrics().rejected("tunnels");
            return null;
        }
        return new ConnectTunnel(shared, exchange, fromClient);
    }

    /**
     * What the app connection does with its input while the upstream is dialled: the CONNECT's empty
     * body goes; bytes the app sent early (e.g. an eager TLS ClientHello) wait for the upstream.
     */
    static void hold(Queue<Object> inbox) {
        while (!inbox.isEmpty() && !(inbox.peek() instanceof ByteBuf)) {
            ReferenceCountUtil.release(inbox.poll());
        }
    }

    /** The dial failed, or its result came too late: the place is free again. */
    void abandon() {
        shared.metrics().tunnels.decrementAndGet();
    }

    /**
     * Answers the {@code CONNECT} and joins the app connection to {@code upstream}.
     *
     * @param proxy the proxy handler's context, whose handler leaves the pipeline here
     * @param early what the app connection has read since the request; leading bytes (sent before our
     *              {@code 200}) go upstream, the rest is released
     */
    void establish(ChannelHandlerContext proxy, Channel upstream, Queue<Object> early) {
        Channel client = proxy.channel();
        exchange.countFrom(upstream.pipeline().get(WireBytes.class));
        exchange.status = 200;
        proxy.pipeline().remove(ProxyResponseEncoder.class);
        client.writeAndFlush(Unpooled.copiedBuffer(ESTABLISHED, StandardCharsets.US_ASCII));
        while (early.peek() instanceof ByteBuf bytes) {
            early.poll();
            upstream.write(bytes);
        }
        upstream.flush();
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        proxy.pipeline().remove(proxy.handler());
        Tunnel.join(client, upstream);
        client.closeFuture().addListener(f -> {
            upstream.close();
            shared.metrics().tunnels.decrementAndGet();
            shared.end(exchange, fromClient.total());
        });
        upstream.closeFuture().addListener(f -> client.close());
    }
}
