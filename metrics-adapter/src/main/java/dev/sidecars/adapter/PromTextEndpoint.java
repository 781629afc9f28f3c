package dev.sidecars.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.vertx.core.http.HttpServerRequest;

/** Serves the app's own Prometheus text through a {@link PromTextFilter}, with {@code adapter_prom_up}. */
final class PromTextEndpoint implements Endpoint {

    private final UpstreamUrl url;
    private final Upstream upstream;
    private final PromTextFilter filter;
    private final Duration timeout;

    PromTextEndpoint(UpstreamUrl url, Upstream upstream, PromTextFilter filter, Duration timeout) {
        this.url = url;
        this.upstream = upstream;
        this.filter = filter;
        this.timeout = timeout;
    }

    @Override
    public void handle(HttpServerRequest request) {
        upstream.get(url, timeout, "prometheus").onComplete(ar -> {
            boolean up = ar.succeeded() && ar.result().status() >= 200 && ar.result().status() <= 299;
            String body = up ? filter.filter(ar.result().body().toString(StandardCharsets.UTF_8)) : "";
            Family meta = new Family("adapter_prom_up", "1 when the app's Prometheus text was fetched, else 0",
                    JsonMapping.MetricType.GAUGE, List.of(new Sample(List.of(), up ? 1 : 0)));
            if (request.response().ended() || request.response().closed()) {
                return;
            }
            request.response().setStatusCode(200)
                    .putHeader("Content-Type", Exposition.PROMETHEUS_TEXT)
                    .end(body + Exposition.write(List.of(meta), false));
        });
    }
}
