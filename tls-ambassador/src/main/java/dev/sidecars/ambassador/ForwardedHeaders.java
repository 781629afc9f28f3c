package dev.sidecars.ambassador;

import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * HTTP mode: every request reaches the app with the headers that say who the client is, set by us
 * alone: any copy the client sent is removed first, so a client cannot claim another address or
 * identity.
 */
final class ForwardedHeaders extends ChannelInboundHandlerAdapter {

    static final String CLIENT_VERIFIED = "X-Client-Verified";
    static final String CLIENT_CN = "X-Client-CN";
    static final String CLIENT_DNS = "X-Client-DNS";
    static final String CLIENT_URI = "X-Client-URI";
    static final List<String> OWNED = List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-Port", "Forwarded", "X-Real-IP", CLIENT_VERIFIED, CLIENT_CN, CLIENT_DNS, CLIENT_URI);

    private final ClientSession session;

    ForwardedHeaders(ClientSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            apply(request.headers(), session);
        }
        ctx.fireChannelRead(msg);
    }

    /** Pure: strips every header we own and sets ours. */
    static void apply(HttpHeaders headers, ClientSession session) {
        for (String name : OWNED) {
            headers.remove(name);
        }
        headers.set("X-Forwarded-For", session.source().getAddress().getHostAddress());
        headers.set("X-Forwarded-Proto", "https");
        PeerIdentity id = session.identity();
        headers.set(CLIENT_VERIFIED, id.present() ? "SUCCESS" : "NONE");
        if (id.present()) {
            if (id.commonName() != null) {
                headers.set(CLIENT_CN, id.commonName());
            }
            if (!id.dnsNames().isEmpty()) {
                headers.set(CLIENT_DNS, String.join(",", id.dnsNames()));
            }
            if (!id.uris().isEmpty()) {
                headers.set(CLIENT_URI, String.join(",", id.uris()));
            }
        }
    }
}
