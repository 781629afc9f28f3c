package dev.sidecars.ambassador;

import java.util.List;

import dev.sidecars.common.log.Log;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * One request and its response over a connection to the app borrowed from the {@link TargetPool}:
 * streams the request body to the app and the response to the client, each side read only while the
 * other can take more (backpressure, as in {@code Tunnel}). When the response has been written, the
 * connection goes back to the pool if the exchange ended cleanly, else it is closed. A reused
 * connection that the app had closed is replaced once, for an idempotent request without a body, if
 * no byte of the response came.
 */
final class TargetExchange {

    private static final Log log = Log.get(TargetExchange.class);

    private final PooledHttpRelay relay;
    private final Channel client;
    private final TargetPool pool;
    private final HttpRequest request;
    private final ExchangeRules.ClientRequest asked;
    private Channel target;
    private PooledTarget handler;
    private boolean reused;
    private boolean retried;
    private boolean requestReceived;
    private boolean requestSent = true;
    private boolean responseStarted;
    private boolean wroteToClient;
    private boolean interim;
    private boolean appKeepsAlive;
    private boolean keepClient;
    private boolean done;

    /** {@code request} has passed {@link ForwardedHeaders}; its hop headers are removed here. */
    TargetExchange(PooledHttpRelay relay, Channel client, TargetPool pool, HttpRequest request) {
        this.relay = relay;
        this.client = client;
        this.pool = pool;
        this.asked = ExchangeRules.ClientRequest.of(request);
        ExchangeRules.prepareRequest(request, ForwardedHeaders.OWNED);
        this.request = request;
    }

    void start() {
        pool.acquire(client).addListener(this::leased);
    }

    /** Ready for the next part of the request body. */
    boolean wantsRequestPart() {
        return target != null && !requestReceived && !done;
    }

    boolean targetCanTakeMore() {
        return target != null && target.isWritable();
    }

    void requestPart(HttpContent part) {
        if (part instanceof LastHttpContent) {
            requestReceived = true;
        }
        Channel to = target;
        to.writeAndFlush(part).addListener(f -> {
            if (!f.isSuccess()) {
                requestSent = false;
                to.close();
            }
        });
    }

    private void leased(Future<? super TargetPool.Lease> f) {
        if (!f.isSuccess()) {
            if (!done) {
                fail(); // TargetConnector has logged and counted it
            }
            return;
        }
        TargetPool.Lease lease = (TargetPool.Lease) f.getNow();
        if (done) {
            pool.release(lease.channel()); // the client left while we waited; the connection is untouched
            return;
        }
        target = lease.channel();
        reused = lease.reused();
        handler = PooledTarget.of(target);
        handler.lend(this);
        AppResponseDecoder.of(target).expect(request.method());
        target.write(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (retried) {
            requestPart(LastHttpContent.EMPTY_LAST_CONTENT); // a retried request has no body: it ended already
        } else {
            relay.exchangeReady();
        }
        target.flush();
        target.read();
    }

    /** A message decoded from the app's answer. */
    void fromTarget(Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg); // more than one answer to one request: the connection is out of step
            target.close();
            return;
        }
        if (msg instanceof HttpResponse head) {
            responseStarted = true;
            if (head.decoderResult().isFailure()) {
                log.debug("the app's response did not decode", "reason", String.valueOf(head.decoderResult().cause()));
                ReferenceCountUtil.release(msg);
                target.close();
                return;
            }
            if (ExchangeRules.isInterim(head)) {
                interim = true;
                HopByHopHeaders.strip(head.headers(), List.of());
                forwardInterim(head);
            } else {
                appKeepsAlive = ExchangeRules.appKeepsAlive(request.method(), head); // before its headers change
                keepClient = ExchangeRules.clientKeepsAlive(asked, head, requestReceived);
                ExchangeRules.prepareResponse(head, asked, keepClient);
                wroteToClient = true;
                client.write(head);
            }
        }
        if (msg instanceof HttpContent part) {
            if (part.decoderResult().isFailure()) {
                part.release();
                target.close();
                return;
            }
            if (interim) {
                interim = !(part instanceof LastHttpContent);
                forwardInterim(part);
            } else if (part instanceof LastHttpContent) {
                done = true;
                client.writeAndFlush(part).addListener(w -> client.eventLoop().execute(() -> finish(w.isSuccess())));
                return;
            } else {
                client.write(part);
            }
        }
        if (client.isWritable()) {
            target.read(); // else clientWritable() reads on once the client has taken what it was sent
        }
    }

    /** An HTTP/1.0 client does not get interim (1xx) answers (RFC 9110 §15.2). */
    private void forwardInterim(Object msg) {
        if (asked.http10()) {
            ReferenceCountUtil.release(msg);
        } else {
            client.write(msg);
        }
    }

    /** The app's read batch ended: what was written to the client goes out. */
    void targetReadComplete() {
        if (!done) {
            client.flush();
        }
    }

    void clientWritable() {
        if (target != null && !done) {
            client.flush();
            target.read();
        }
    }

    void targetDrained() {
        relay.targetWritable();
    }

    /** The app closed the connection before its answer was complete. */
    void targetClosed() {
        if (done) {
            return;
        }
        boolean stale = reused && !responseStarted && requestReceived && !retried && ExchangeRules.mayRepeat(request);
        if (stale) {
            retried = true;
            target = null;
            handler = null;
            log.debug("a pooled connection to the app was closed; sending the request again on a new one");
            pool.acquireNew(client).addListener(this::leased);
            return;
        }
        fail();
    }

    /** Part of the app's response has been written to the client. */
    boolean answered() {
        return wroteToClient;
    }

    /** The client left: the connection to the app is in an unknown state and is closed. */
    void clientClosed() {
        if (done) {
            return;
        }
        done = true;
        if (target != null) {
            handler.lend(null);
            target.close();
        }
    }

    private void fail() {
        done = true;
        if (target != null) {
            handler.lend(null);
            target.close();
        }
        relay.exchangeFailed(wroteToClient ? null : HttpResponseStatus.BAD_GATEWAY);
    }

    private void finish(boolean written) {
        handler.lend(null);
        if (written && appKeepsAlive && requestReceived && requestSent) {
            pool.release(target);
        } else {
            target.close();
        }
        relay.exchangeDone(written && keepClient);
    }
}
