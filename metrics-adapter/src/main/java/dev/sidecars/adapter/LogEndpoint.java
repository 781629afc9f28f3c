package dev.sidecars.adapter;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Serves a log source's metrics and polls its file on a timer, on a worker thread (file I/O must
 * not block the event loop). A scrape only reads the counts: bounded work, whatever the log's size.
 */
final class LogEndpoint implements Endpoint, AutoCloseable {

    private final Vertx vertx;
    private final LogSource source;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final long timer;

    LogEndpoint(Vertx vertx, Endpoints.LogFile spec, Clock clock) {
        this.vertx = vertx;
        this.source = new LogSource(spec, clock);
        // the first look decides what counts as history (from: end), so it happens at start-up
        source.poll();
        this.timer = vertx.setPeriodic(spec.poll().toMillis(), id -> pollInBackground());
    }

    private void pollInBackground() {
        if (!polling.compareAndSet(false, true)) {
            return; // the previous poll is still reading: never two at once
        }
        vertx.executeBlocking(() -> {
            source.poll();
            return null;
        }, false).onComplete(ar -> polling.set(false));
    }

    @Override
    public void handle(HttpServerRequest request) {
        boolean openMetrics = Exposition.wantsOpenMetrics(request.getHeader("Accept"));
        request.response().setStatusCode(200)
                .putHeader("Content-Type", openMetrics ? Exposition.OPENMETRICS_TEXT : Exposition.PROMETHEUS_TEXT)
                .end(Exposition.write(source.families(), openMetrics));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        source.close();
    }
}
