package dev.sidecars.ambassador;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Decodes the app's responses on a pooled connection and keeps the connection in step with its
 * requests, so that no byte meant for one client can reach the next: a connection with bytes left
 * over after a complete response (an app that wrote more than it announced) is not reused, and any
 * byte that arrives while the connection rests in the pool closes it. One request is in flight at a
 * time, so the method that decides whether a response has a body (HEAD) is the one given last.
 */
final class AppResponseDecoder extends HttpResponseDecoder {

    private HttpMethod inFlight = HttpMethod.GET;
    private boolean resting;
    /** The last bytes decoded ended a response; false once a byte of the next one has been taken in. */
    private boolean atBoundary = true;

    static AppResponseDecoder of(Channel ch) {
        return ch.pipeline().get(AppResponseDecoder.class);
    }

    /** A request with this method is about to be sent: its response is expected. */
    void expect(HttpMethod method) {
        inFlight = method;
        resting = false;
    }

    /** The connection goes back to the pool: nothing may arrive until the next request. */
    void rest() {
        resting = true;
    }

    /** Whether every byte received so far belonged to a complete response. */
    boolean inStep() {
        return atBoundary && actualReadableBytes() == 0;
    }

    /**
     * Notes whether this step of decoding ended on a response's end. The parser moves the bytes of a
     * header it has not finished into its own buffer, so the bytes left in ours do not tell.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int readerBefore = buffer.readerIndex();
        int outBefore = out.size();
        super.decode(ctx, buffer, out);
        if (out.size() > outBefore) {
            atBoundary = out.getLast() instanceof LastHttpContent;
        } else if (buffer.readerIndex() != readerBefore) {
            atBoundary = false; // part of a response taken in, nothing complete yet
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (resting && msg instanceof ByteBuf) {
            ReferenceCountUtil.release(msg); // unasked-for bytes: the connection is out of step
            ctx.close();
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return HttpMethod.HEAD.equals(inFlight) || super.isContentAlwaysEmpty(msg);
    }
}
