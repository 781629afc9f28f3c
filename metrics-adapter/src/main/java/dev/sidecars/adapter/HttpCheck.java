package dev.sidecars.adapter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.vertx.core.Future;

/** GETs a URL of the app and judges status, body and JSON. */
final class HttpCheck implements Check {

    private final CheckSpec spec;
    private final UpstreamUrl url;
    private final Upstream upstream;
    private final Duration timeout;

    HttpCheck(CheckSpec spec, UpstreamUrl url, Upstream upstream, Duration timeout) {
        this.spec = spec;
        this.url = url;
        this.upstream = upstream;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Future<Outcome> run() {
        long started = System.nanoTime();
        return upstream.get(url, timeout, "check").transform(ar -> {
            long took = (System.nanoTime() - started) / 1_000_000;
            if (ar.failed()) {
                return Future.succeededFuture(Outcome.failed(FailureReasons.of(ar.cause()), took));
            }
            Verdict v = HttpJudge.judge(spec, ar.result().status(), ar.result().body().toString(StandardCharsets.UTF_8));
            return Future.succeededFuture(new Outcome(v.ok(), v.reason(), took));
        });
    }
}
