package dev.sidecars.adapter;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** A fixed answer: what the book's {@code nc} loops do, without a shell in the image. */
final class StaticEndpoint implements Endpoint {

    private final Endpoints.Static config;
    private final Buffer body;

    StaticEndpoint(Endpoints.Static config) {
        this.config = config;
        this.body = Buffer.buffer(config.body());
    }

    @Override
    public void handle(HttpServerRequest request) {
        request.response().setStatusCode(config.status())
                .putHeader("Content-Type", config.contentType())
                .end(body.copy());
    }
}
