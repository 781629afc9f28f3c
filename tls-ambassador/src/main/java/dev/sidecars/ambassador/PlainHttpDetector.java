package dev.sidecars.ambassador;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

/**
 * Looks at the first bytes of a connection before TLS sees them. A TLS record goes on to the
 * {@link SslHandler}; anything else is counted as {@code not_tls} and closed, and in http mode a plain
 * HTTP request first gets nginx's clear 400 page instead of a garbled handshake error.
 */
final class PlainHttpDetector extends ByteToMessageDecoder {

    static final String PAGE = """
            <html>
            <head><title>400 The plain HTTP request was sent to HTTPS port</title></head>
            <body>
            <h1>400 Bad Request</h1>
            <p>The plain HTTP request was sent to HTTPS port. Use https:// to reach this address.</p>
            </body>
            </html>
            """;

    private static final int TLS_RECORD_HEADER = 5;

    private final boolean http;
    private final AmbassadorMetrics metrics;

    PlainHttpDetector(boolean http, AmbassadorMetrics metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read(); // AUTO_READ is off: ask for the first bytes
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TLS_RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().remove(this); // the buffered bytes go on to the SslHandler
            return;
        }
        metrics.handshakeFailure("not_tls");
        // The handshake never started: take TLS out so that it reports no failure of its own.
        ctx.pipeline().remove(HandshakeGate.class);
        ctx.pipeline().remove("tls"); // the SslHandler, or the SniSelector that would choose one
        boolean plainHttp = http && looksLikeHttp(in);
        in.skipBytes(in.readableBytes());
        if (plainHttp) {
            byte[] body = PAGE.getBytes(StandardCharsets.US_ASCII);
            String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** An HTTP/1 request line starts with an upper-case method and a space. */
    static boolean looksLikeHttp(ByteBuf in) {
        int start = in.readerIndex();
        int end = Math.min(in.writerIndex(), start + 16);
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == ' ') {
                return i > start;
            }
            if (b < 'A' || b > 'Z') {
                return false;
            }
        }
        return false;
    }
}
