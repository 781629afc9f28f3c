package dev.sidecars.egress;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Consumer;

import dev.sidecars.common.log.Log;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One app connection. Takes requests one at a time (pipelined ones wait their turn), decides, and
 * forwards each to its destination over an upstream connection that is kept while the app keeps
 * asking the same destination; streams the response back ({@link ResponseRelay}); hands the
 * connection to a {@link ConnectTunnel} after an allowed {@code CONNECT}. Both channels run on one
 * event loop and read only on demand ({@code AUTO_READ=false}), so a slow side slows the other
 * instead of filling memory. What belongs to one request is in its {@link InFlightRequest}.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Log log = Log.get(ProxyHandler.class);

    /** Fired down the pipeline when the proxy drains: idle connections close, busy ones after their response. */
    static final Object DRAIN = new Object();

    private enum State { IDLE, PREPARING, SENDING, AWAITING_RESPONSE, DISCARDING, TUNNEL_PENDING, CLOSING }

    private final ProxyContext shared;
    private final WireBytes fromClient;
    private final ProxyResponseEncoder encoder;
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private boolean overLimit;
    private boolean draining;
    private boolean clientInputDone;

    /** The request being answered; null between requests. */
    private InFlightRequest request;
    private ResponseRelay relay;

    private Upstream upstream;
    /** Bytes from the app already attributed to earlier exchanges on this connection. */
    private long clientBytesAccounted;

    /** The upstream connection this app connection uses, with the destination it was checked for. */
    private record Upstream(Channel channel, String key, WireBytes bytes) {
    }

    ProxyHandler(ProxyContext shared, WireBytes fromClient, ProxyResponseEncoder encoder) {
        this.shared = shared;
        this.fromClient = fromClient;
        this.encoder = encoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.relay = new ResponseRelay(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int open = shared.metrics().connections.incrementAndGet();
        // On close, not in channelInactive: after a CONNECT this handler leaves the pipeline.
        ctx.channel().closeFuture().addListener(f -> shared.metrics().connections.decrementAndGet());
        overLimit = open > shared.config().maxConnections();
        if (overLimit) {
            shared.metrics().rejected("connections");
        }
        shared.clients().add(ctx.channel());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        dropUpstream();
        if (request != null) {
            if (request.exchange.status == 0) {
                request.exchange.refused(499, "client-closed", "the app closed the connection before the response ended");
            }
            finish();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inbox.add(msg);
        pump();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DRAIN) {
            draining = true;
            if (state == State.IDLE && inbox.isEmpty()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // The app sent FIN. Half-closure is allowed for tunnels' sake (the relay sees it when it
            // joins); for HTTP, nothing more can come: answer what was asked, then close. Without
            // this, a vanished app's connection stayed open (and unread) until the idle timeout.
            clientInputDone = true;
            if (state == State.IDLE && inbox.isEmpty()) {
                closeAfterFlush();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null) {
            relay.appWritable(upstream.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("app connection failed", "reason", String.valueOf(cause));
        ctx.close();
    }

    /** Handles queued messages as far as the state allows, then asks for more input if it can take it. */
    private void pump() {
        while (!inbox.isEmpty()) {
            switch (state) {
                case IDLE -> {
                    Object msg = inbox.poll();
                    if (msg instanceof HttpRequest head) {
                        begin(head);
                    } else {
                        ReferenceCountUtil.release(msg); // the rest of a refused request
                    }
                }
                case SENDING -> sendBody((HttpContent) inbox.poll());
                case DISCARDING -> {
                    Object msg = inbox.poll();
                    ReferenceCountUtil.release(msg);
                    if (msg instanceof LastHttpContent) {
                        state = State.IDLE;
                        if (draining) {
                            closeAfterFlush();
                        }
                    }
                }
                case TUNNEL_PENDING -> {
                    ConnectTunnel.hold(inbox);
                    return;
                }
                default -> {
                    return;
                }
            }
        }
        if (clientInputDone && state == State.IDLE && inbox.isEmpty()) {
            closeAfterFlush();
            return;
        }
        boolean wantsInput = switch (state) {
            case IDLE, DISCARDING -> true;
            case SENDING -> upstream != null && upstream.channel().isWritable();
            default -> false;
        };
        if (wantsInput && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private void begin(HttpRequest head) {
        request = new InFlightRequest(head, ctx.channel(), draining);
        relay.nextRequest();
        Exchange exchange = request.exchange;
        exchange.bytesToUpstreamStart = clientBytesAccounted;
        if (upstream != null) {
            exchange.countFrom(upstream.bytes());
        }
        String malformed = HttpHygiene.requestProblem(head);
        if (malformed != null) {
            refuse(400, "malformed-request", malformed, true);
            return;
        }
        if (overLimit) {
            refuse(503, "connection-limit", "more than " + shared.config().maxConnections() + " app connections are open", true);
            return;
        }
        RequestTarget target = RequestTarget.of(head, shared.config().routes());
        switch (target) {
            case RequestTarget.Unusable unusable -> refuse(unusable.status(), unusable.reason(), unusable.detail(),
                    unusable.status() == 400);
            case RequestTarget.Tunnel tunnel -> beginTunnel(tunnel.authority());
            case RequestTarget.Routed routed -> {
                Routes.Match match = routed.match();
                exchange.route = match.route().local();
                exchange.target(match.upstream());
                exchange.apply(Decision.route(match.route()), shared.config().mode());
                forward(head, match.upstream(), match.upstreamPathAndQuery(), true);
            }
            case RequestTarget.Forward forward -> {
                if (allowed(forward.authority(), false)) {
                    forward(head, forward.authority(), forward.pathAndQuery(), false);
                }
            }
        }
    }

    /**
     * Checks a destination against the policy and records the decision; a denial that is enforced is
     * answered with 403 (and, for a tunnel, the connection closed).
     */
    private boolean allowed(Authority destination, boolean tunnel) {
        EgressConfig.Mode mode = shared.config().mode();
        request.exchange.target(destination);
        Decision decision = shared.policy().get().checkTarget(destination, tunnel);
        request.exchange.apply(decision, mode);
        if (!decision.allowed() && mode == EgressConfig.Mode.ENFORCE) {
            refuse(403, decision.reason(), decision.detail(), tunnel);
            return false;
        }
        return true;
    }

    // ---- plain HTTP ----

    private void forward(HttpRequest head, Authority destination, String pathAndQuery, boolean routed) {
        head.setUri(pathAndQuery);
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHygiene.stripHopByHop(head);
        head.headers().set(HttpHeaderNames.HOST, RequestTarget.hostHeader(destination));
        encoder.expectBodiless(request.isHead());
        String key = destination.text() + (routed ? " route" : "");
        if (upstream != null && upstream.key().equals(key) && upstream.channel().isActive()) {
            request.exchange.address = ((InetSocketAddress) upstream.channel().remoteAddress()).getAddress();
            send(head);
            return;
        }
        dropUpstream();
        state = State.PREPARING;
        dial(destination, routed, false, connected -> {
            upstream = new Upstream(connected, key, connected.pipeline().get(WireBytes.class));
            request.exchange.countFrom(upstream.bytes());
            send(head);
        }, () -> ReferenceCountUtil.release(head));
    }

    private void send(HttpRequest head) {
        state = State.SENDING;
        Channel up = upstream.channel();
        up.write(head);
        up.read(); // the response may start before the body is sent (e.g. 100 Continue, 413)
        pump();
    }

    private void sendBody(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A malformed chunk: the upstream has an unfinished request and must never get the rest.
            String why = String.valueOf(content.decoderResult().cause().getMessage());
            content.release();
            dropUpstream();
            if (request.responseStarted) {
                closeAfterFlush();
                finish();
            } else {
                refuse(400, "malformed-request", why, true);
            }
            return;
        }
        Channel up = upstream.channel();
        boolean last = content instanceof LastHttpContent;
        up.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                upstreamFailed("the upstream connection failed while the request was sent");
            }
        });
        if (last) {
            request.requestComplete = true;
            state = State.AWAITING_RESPONSE;
        }
    }

    /** A message of the response, from the upstream's pipeline. */
    void fromUpstream(Channel from, HttpObject msg) {
        if (upstream == null || upstream.channel() != from || request == null
                || (state != State.SENDING && state != State.AWAITING_RESPONSE)) {
            ReferenceCountUtil.release(msg);
            from.close(); // an answer nobody asked for: the connection cannot be trusted for the next request
            return;
        }
        if (msg instanceof HttpResponse response && response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            upstreamFailed("the upstream's response is malformed: " + response.decoderResult().cause().getMessage());
            return;
        }
        if (relay.relay(request, msg, from, draining)) {
            endResponse();
        }
    }

    private void endResponse() {
        boolean closeClient = request.closeClientAfter || !request.requestComplete;
        if (!request.requestComplete || !request.upstreamReusable) {
            // The upstream answered before the whole request was sent, or will not keep the connection.
            dropUpstream();
        }
        finish();
        if (closeClient) {
            closeAfterFlush();
        } else {
            state = State.IDLE;
            pump();
        }
    }

    /** The upstream connection went away. */
    void upstreamClosed(Channel which) {
        if (upstream == null || upstream.channel() != which) {
            return;
        }
        upstream = null;
        if (request != null && (state == State.SENDING || state == State.AWAITING_RESPONSE)) {
            if (request.responseStarted) {
                closeAfterFlush(); // a response cut short: the app sees the connection close, as it would direct
                finish();
            } else {
                refuse(502, "upstream-closed", "the upstream closed the connection without a response", true);
            }
        }
    }

    void upstreamWritable(Channel which) {
        if (upstream != null && upstream.channel() == which && state == State.SENDING) {
            pump();
        }
    }

    private void upstreamFailed(String why) {
        dropUpstream();
        if (request != null && !request.responseStarted) {
            refuse(502, "upstream-failed", why, true);
        } else {
            closeAfterFlush();
        }
    }

    // ---- CONNECT (the tunnel itself: ConnectTunnel) ----

    private void beginTunnel(Authority destination) {
        // From here on the app's bytes are the tunnel's, not HTTP: nothing after the CONNECT is parsed.
        // The state comes first: removing the decoder hands its leftover bytes (sent with the CONNECT)
        // straight back to channelRead, and only the tunnel state keeps them for the upstream.
        state = State.TUNNEL_PENDING;
        ctx.pipeline().remove(StrictRequestDecoder.class);
        if (!allowed(destination, true)) {
            return;
        }
        ConnectTunnel tunnel = ConnectTunnel.reserve(shared, request.exchange, fromClient);
        if (tunnel == null) {
            refuse(429, "tunnel-limit", "more than " + shared.config().maxTunnels() + " tunnels are open", true);
            return;
        }
        dial(destination, false, true, connected -> {
            request = null;
            state = State.CLOSING;
            tunnel.establish(ctx, connected, inbox);
        }, tunnel::abandon);
    }

    // ---- resolving and connecting ----

    /** Dials for the exchange in flight; a result that arrives after it ended (or the app left) is dropped. */
    private void dial(Authority destination, boolean trusted, boolean tunnel, Consumer<Channel> onConnected,
                      Runnable onFailure) {
        InFlightRequest current = request;
        shared.dialer().dial(destination, trusted, current.exchange, ctx.channel().eventLoop(), tunnel ? null : new UpstreamHandler(this),
                new Dialer.Outcome() {
                    @Override
                    public boolean wanted() {
                        return request == current && ctx.channel().isActive();
                    }

                    @Override
                    public void connected(Channel upstream) {
                        onConnected.accept(upstream);
                    }

                    @Override
                    public void failed(int status, String reason, String detail) {
                        if (status > 0) {
                            // A denied address keeps an HTTP connection usable, like any other 403.
                            refuse(status, reason, detail, status != 403 || current.exchange.tunnel);
                        }
                        onFailure.run();
                    }
                });
    }

    // ---- endings ----

    /** Answers the request with the proxy's own response; a request body still coming is discarded. */
    private void refuse(int status, String reason, String detail, boolean close) {
        if (request == null) {
            return;
        }
        request.exchange.refused(status, reason, detail);
        boolean closing = close || !request.clientKeepAlive || state == State.TUNNEL_PENDING;
        encoder.expectBodiless(request.isHead());
        ctx.writeAndFlush(Refusals.response(status, reason, detail, closing));
        boolean bodyRead = request.requestComplete;
        finish();
        if (closing) {
            closeAfterFlush();
        } else {
            // Every request ends with a LastHttpContent from the decoder, empty when there is no body.
            state = bodyRead ? State.IDLE : State.DISCARDING;
        }
    }

    private void finish() {
        if (request == null) {
            return;
        }
        Exchange done = request.exchange;
        request = null;
        if (shared.end(done, fromClient.total())) {
            clientBytesAccounted = fromClient.total();
        }
    }

    private void dropUpstream() {
        if (upstream != null) {
            upstream.channel().close();
            upstream = null;
        }
    }

    private void closeAfterFlush() {
        state = State.CLOSING;
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
