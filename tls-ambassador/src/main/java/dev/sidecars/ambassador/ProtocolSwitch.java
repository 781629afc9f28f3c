package dev.sidecars.ambassador;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * HTTP mode, a client's own connection to the app: once the app has answered {@code 101 Switching
 * Protocols} (WebSocket and other upgrades), the connection no longer speaks HTTP/1.1, so after passing
 * the 101 on, the HTTP codecs leave both pipelines and the relay carries bytes as in tcp mode.
 * Sits on the app's side, after its HTTP codec.
 */
final class ProtocolSwitch extends ChannelInboundHandlerAdapter {

    private final Channel client;
    private boolean switching;

    ProtocolSwitch(Channel client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            switching = true;
        }
        ctx.fireChannelRead(msg); // the relay writes it to the client, encoded at once
        if (switching && msg instanceof LastHttpContent) {
            removeIfPresent(client.pipeline(), "http");
            removeIfPresent(client.pipeline(), "forwarded");
            removeIfPresent(ctx.pipeline(), "http");
            ctx.pipeline().remove(this);
        }
    }

    private static void removeIfPresent(ChannelPipeline pipeline, String name) {
        if (pipeline.get(name) != null) {
            pipeline.remove(name);
        }
    }
}
