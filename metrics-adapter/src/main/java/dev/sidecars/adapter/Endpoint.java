package dev.sidecars.adapter;

import io.vertx.core.http.HttpServerRequest;

/** One served path: health, forward, static or Prometheus. */
interface Endpoint {

    void handle(HttpServerRequest request);
}
