package dev.sidecars.ambassador;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import dev.sidecars.common.log.Log;
import dev.sidecars.common.relay.PeerInput;
import dev.sidecars.common.relay.Tunnel;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * HTTP mode with keep-alive to the app, the client's side: takes the client's requests one at a time
 * (the client is not read while a request is in flight, so pipelined requests wait and their responses
 * stay in order), each over a connection to the app that a {@link TargetExchange} borrows. A request that
 * did not decode gets a 400 and the connection closes; it never reaches a shared connection. An
 * {@code Upgrade} or {@code CONNECT} request moves the client to a connection of its own, relayed by a
 * {@link Tunnel} as without pooling, for the rest of its life.
 */
final class PooledHttpRelay extends ChannelInboundHandlerAdapter {

    private static final Log log = Log.get(PooledHttpRelay.class);

    private final TargetPool pool;
    private final TargetConnector connector;
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private TargetExchange current;
    private boolean inputDone;
    private boolean closing;
    private boolean leaving;
    private boolean pumping;
    private boolean pumpAgain;

    PooledHttpRelay(TargetPool pool, TargetConnector connector) {
        this.pool = pool;
        this.connector = connector;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // A FIN or close_notify that came with the handshake's last flight was not seen here.
        inputDone = PeerInput.alreadyDone(ctx);
        if (ctx.channel().isActive()) {
            ctx.executor().execute(this::pump); // after the data held during the handshake has been passed on
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add(object); // while leaving, it goes to the dedicated connection after the request that asked
        pump();
    }

    /** Hands the waiting messages to the exchange in flight or starts the next one; then decides whether to read. */
    private void pump() {
        if (pumping) {
            pumpAgain = true; // an exchange answered from inside this loop: go round once more
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain && !closing && !leaving);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        while (!closing && !leaving && !waiting.isEmpty()) {
            HttpObject next = waiting.peek();
            if (current == null) {
                waiting.poll();
                if (next instanceof HttpRequest request) {
                    switch (ExchangeRules.route(request)) {
                        case REJECT -> {
                            log.debug("request did not decode", "client", String.valueOf(ctx.channel().remoteAddress()),
                                    "reason", String.valueOf(request.decoderResult().cause()));
                            ReferenceCountUtil.release(request);
                            answerAndClose(HttpResponseStatus.BAD_REQUEST);
                            return;
                        }
                        case DEDICATED -> {
                            leaveForADedicatedConnection(request);
                            return;
                        }
                        case POOLED -> {
                            current = new TargetExchange(this, ctx.channel(), pool, request);
                            current.start();
                        }
                    }
                } else if (next.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(next);
                    answerAndClose(HttpResponseStatus.BAD_REQUEST);
                    return;
                } else {
                    ReferenceCountUtil.release(next); // the empty end of a request already answered
                }
            } else if (next instanceof HttpContent part && current.wantsRequestPart()) {
                waiting.poll();
                if (part.decoderResult().isFailure()) {
                    part.release();
                    TargetExchange broken = current;
                    current = null;
                    broken.clientClosed();
                    if (broken.answered()) {
                        close(); // part of the app's response went out: a 400 cannot follow it
                    } else {
                        answerAndClose(HttpResponseStatus.BAD_REQUEST);
                    }
                    return;
                }
                current.requestPart(part);
            } else {
                break; // the next request waits for this one's response; a body part waits for the connection
            }
        }
        if (!closing && !leaving && waiting.isEmpty()) {
            readIfWanted();
        }
    }

    private void readIfWanted() {
        if (current == null) {
            if (inputDone) {
                close();
            } else {
                ctx.read(); // the next request
            }
        } else if (current.wantsRequestPart()) {
            if (inputDone) {
                close(); // the client stopped sending in the middle of its request body
            } else if (current.targetCanTakeMore()) {
                ctx.read(); // more of the body; else targetWritable() asks again
            }
        }
    }

    void exchangeReady() {
        pump();
    }

    void targetWritable() {
        pump();
    }

    /** The response has been written; the client's connection stays open for the next request or closes. */
    void exchangeDone(boolean keepClient) {
        current = null;
        if (closing || leaving) {
            return;
        }
        if (!keepClient) {
            close();
            return;
        }
        pump();
    }

    /** The exchange failed; {@code status} is the answer to send, null when part of a response went out already. */
    void exchangeFailed(HttpResponseStatus status) {
        current = null;
        if (closing || leaving) {
            return;
        }
        if (status == null) {
            close();
        } else {
            answerAndClose(status);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && current != null) {
            current.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // A FIN, or a close_notify: the client will send nothing more; it gets the answers it asked for.
        if (evt instanceof ChannelInputShutdownEvent
                || (evt instanceof SslCloseCompletionEvent && PeerInput.sentCloseNotify(ctx))) {
            inputDone = true;
            if (!pumping) {
                ctx.executor().execute(this::pump); // after the requests that came with it
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseWaiting();
        if (current != null) {
            TargetExchange gone = current;
            current = null;
            gone.clientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection failed", "reason", String.valueOf(cause));
        ctx.close();
    }

    private void answerAndClose(HttpResponseStatus status) {
        closing = true;
        releaseWaiting();
        FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status.code() + " " + status.reasonPhrase() + "\n", StandardCharsets.US_ASCII));
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii")
                .set(HttpHeaderNames.CONTENT_LENGTH, answer.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    private void close() {
        closing = true;
        releaseWaiting();
        // Flush what was written before closing, so a response is not cut off.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The client asked for another protocol on this connection: from here on it is relayed as without
     * pooling, over a connection to the app of its own, starting with this request (hop headers kept).
     */
    private void leaveForADedicatedConnection(HttpRequest request) {
        leaving = true;
        Channel client = ctx.channel();
        connector.connect(client, target -> {
            target.pipeline().addLast("http", new HttpClientCodec());
            target.pipeline().addLast("switch", new ProtocolSwitch(client));
        }, null).addListener(f -> {
            if (!f.isSuccess()) {
                ReferenceCountUtil.release(request);
                leaving = false;
                answerAndClose(HttpResponseStatus.BAD_GATEWAY);
                return;
            }
            Channel target = (Channel) f.getNow();
            if (!client.isActive()) {
                ReferenceCountUtil.release(request);
                target.close();
                return;
            }
            Tunnel.join(client, target);
            ctx.fireChannelRead(request);
            while (!waiting.isEmpty()) {
                ctx.fireChannelRead(waiting.poll());
            }
            ctx.pipeline().remove(this);
        });
    }

    private void releaseWaiting() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }
}
