package dev.sidecars.adapter;

import java.time.Duration;
import java.util.Map;

import io.vertx.core.http.HttpServerRequest;

/** Answers a path from another path of the app, with the spec's status mapping. */
final class ForwardEndpoint implements Endpoint {

    private final ForwardSpec spec;
    private final UpstreamUrl target;
    private final Upstream upstream;
    private final Duration timeout;

    ForwardEndpoint(ForwardSpec spec, UpstreamUrl base, Upstream upstream, Duration timeout) {
        this.spec = spec;
        this.target = base.resolve(spec.upstreamPath());
        this.upstream = upstream;
        this.timeout = timeout;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String query = request.query();
        UpstreamUrl url = query == null ? target
                : new UpstreamUrl(target.scheme(), target.host(), target.port(), target.path() + (target.path().contains("?") ? "&" : "?") + query);
        upstream.get(url, timeout, "forward").onComplete(ar -> {
            if (ar.failed()) {
                Responses.json(request, spec.map(-1), Map.of("status", "down", "upstream", target.toString(),
                        "reason", FailureReasons.of(ar.cause())));
                return;
            }
            Upstream.Response response = ar.result();
            if (request.response().ended() || request.response().closed()) {
                return;
            }
            String contentType = response.headers().get("Content-Type");
            if (contentType != null) {
                request.response().putHeader("Content-Type", contentType);
            }
            request.response().putHeader("Cache-Control", "no-store")
                    .setStatusCode(spec.map(response.status()))
                    .end(response.body());
        });
    }
}
