package dev.sidecars.adapter;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.sidecars.common.env.ValueTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * GETs from the app with a deadline and a body size limit: a slow or huge answer fails with a reason
 * instead of holding a probe or a scrape.
 */
final class Upstream implements AutoCloseable {

    /** A complete, bounded answer. */
    record Response(int status, MultiMap headers, Buffer body) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final long maxBody;
    private final MeterRegistry registry;

    Upstream(Vertx vertx, long maxBody, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxBody = maxBody;
        this.registry = registry;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTrustAll(false)
                        .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(8));
    }

    Future<Response> get(UpstreamUrl url, Duration timeout, String purpose) {
        Promise<Response> promise = Promise.promise();
        long started = System.nanoTime();
        String deadlineText = "timeout after " + ValueTypes.formatDuration(timeout);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.tls())
                .setURI(url.path())
                .setConnectTimeout(Math.max(1, timeout.toMillis()))
                .putHeader("User-Agent", "sidecars-metrics-adapter");
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
                t -> promise.tryFail(new TimeoutException(deadlineText)));
        client.request(options).compose(request -> {
            promise.future().onFailure(e -> request.reset());
            return request.send();
        }).onSuccess(response -> readBody(response, promise)).onFailure(promise::tryFail);
        return promise.future().andThen(ar -> {
            vertx.cancelTimer(timer);
            Timer.builder("adapter_upstream_request")
                    .description("Requests from the adapter to the app, by purpose and outcome")
                    .tag("purpose", purpose)
                    .tag("outcome", ar.succeeded() ? Integer.toString(ar.result().status() / 100) + "xx" : "error")
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        });
    }

    private void readBody(HttpClientResponse response, Promise<Response> promise) {
        // first, so that a reset below (size limit, deadline) is this promise's failure, not an unhandled error
        response.exceptionHandler(promise::tryFail);
        String length = response.getHeader("Content-Length");
        if (length != null && parseLong(length) > maxBody) {
            response.request().reset();
            promise.tryFail(new IllegalStateException("body of " + length + " bytes exceeds " + ValueTypes.formatSize(maxBody)));
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxBody) {
                response.request().reset();
                promise.tryFail(new IllegalStateException("body exceeds " + ValueTypes.formatSize(maxBody)));
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.endHandler(v -> promise.tryComplete(new Response(response.statusCode(), response.headers(), body)));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
