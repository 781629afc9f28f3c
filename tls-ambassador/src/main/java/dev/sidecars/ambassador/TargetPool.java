package dev.sidecars.ambassador;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Idle HTTP/1.1 connections to the app, kept for the next request (nginx's upstream {@code keepalive}).
 * One small LIFO deque per event loop, touched only by that loop, so a connection never changes threads
 * and the most recently used (least likely to have timed out at the app) goes first. An idle connection
 * keeps reading, so that the app closing it removes it at once; it is closed after the idle timeout, and
 * all idle ones are closed at drain.
 */
final class TargetPool {

    /** A connection for one exchange; {@code reused} when it came from the pool (it may have gone stale). */
    record Lease(Channel channel, boolean reused) {
    }

    private final int maxIdlePerLoop;
    private final Duration idleTimeout;
    private final TargetConnector connector;
    private final AmbassadorMetrics metrics;
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TargetPool(int maxIdlePerLoop, Duration idleTimeout, TargetConnector connector, AmbassadorMetrics metrics) {
        this.maxIdlePerLoop = maxIdlePerLoop;
        this.idleTimeout = idleTimeout;
        this.connector = connector;
        this.metrics = metrics;
    }

    /** On the client's event loop: the most recent idle connection of that loop, else a new one. */
    Future<Lease> acquire(Channel client) {
        Promise<Lease> result = client.eventLoop().newPromise();
        ArrayDeque<Channel> deque = dequeOf(client.eventLoop());
        Channel ch;
        while ((ch = deque.pollFirst()) != null) {
            metrics.idleTargets.decrementAndGet();
            PooledTarget target = PooledTarget.of(ch);
            if (target != null) {
                target.leave();
            }
            if (target != null && ch.isActive()) {
                metrics.targetsReused.increment();
                return result.setSuccess(new Lease(ch, true));
            }
        }
        return open(client, result);
    }

    /** A new connection, never a pooled one: for the retry after a reused connection turned out closed. */
    Future<Lease> acquireNew(Channel client) {
        return open(client, client.eventLoop().newPromise());
    }

    private Future<Lease> open(Channel client, Promise<Lease> result) {
        connector.connect(client, target -> {
            target.pipeline().addLast("http-encoder", new HttpRequestEncoder());
            target.pipeline().addLast("http-decoder", new AppResponseDecoder());
            target.pipeline().addLast("pooled", new PooledTarget());
        }, null).addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = (Channel) f.getNow();
                ch.closeFuture().addListener(c -> forget(ch));
                result.setSuccess(new Lease(ch, false));
            } else {
                result.setFailure(f.cause());
            }
        });
        return result;
    }

    /** On the connection's event loop, after a clean exchange: keep it for the next request, or close it. */
    void release(Channel ch) {
        ArrayDeque<Channel> deque = dequeOf(ch.eventLoop());
        AppResponseDecoder decoder = AppResponseDecoder.of(ch);
        if (closed || !ch.isActive() || deque.size() >= maxIdlePerLoop || !decoder.inStep()) {
            ch.close();
            return;
        }
        decoder.rest();
        PooledTarget.of(ch).rest(ch.eventLoop().schedule(() -> {
            ch.close();
        }, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        deque.addFirst(ch);
        metrics.idleTargets.incrementAndGet();
        ch.read(); // to see the app close it while it waits
    }

    /** At drain: idle connections are closed, and those in use are closed when their exchange ends. */
    void close() {
        closed = true;
        for (Map.Entry<EventLoop, ArrayDeque<Channel>> e : idle.entrySet()) {
            e.getKey().execute(() -> {
                for (Channel ch : e.getValue().toArray(Channel[]::new)) {
                    ch.close();
                }
            });
        }
    }

    private void forget(Channel ch) {
        if (dequeOf(ch.eventLoop()).remove(ch)) {
            metrics.idleTargets.decrementAndGet();
        }
    }

    private ArrayDeque<Channel> dequeOf(EventLoop loop) {
        return idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
    }
}
