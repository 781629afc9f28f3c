package dev.sidecars.egress;

import dev.sidecars.common.relay.IdleCloser;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** The pipeline of an app connection: byte count, idle limit, strict HTTP/1.1 codec, the proxy. */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyContext shared;

    ProxyInitializer(ProxyContext shared) {
        this.shared = shared;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        WireBytes bytes = new WireBytes();
        p.addLast(bytes);
        IdleCloser.install(p, shared.config().idleTimeout());
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        p.addLast(new StrictRequestDecoder());
        p.addLast(encoder);
        p.addLast(new ProxyHandler(shared, bytes, encoder));
    }
}
