package dev.sidecars.adapter;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.sidecars.common.env.ValueTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Runs one probe under its deadline; a late or failed probe becomes a failed outcome with the reason. */
final class TimedProbe {

    private TimedProbe() {
    }

    static Future<Outcome> run(Vertx vertx, Duration timeout, Supplier<Future<Verdict>> probe) {
        long started = System.nanoTime();
        Promise<Verdict> verdict = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
                t -> verdict.tryFail(new TimeoutException("timeout after " + ValueTypes.formatDuration(timeout))));
        probe.get().onComplete(verdict::tryComplete, verdict::tryFail);
        return verdict.future().transform(ar -> {
            vertx.cancelTimer(timer);
            long took = (System.nanoTime() - started) / 1_000_000;
            return Future.succeededFuture(ar.succeeded()
                    ? new Outcome(ar.result().ok(), ar.result().reason(), took)
                    : Outcome.failed(FailureReasons.of(ar.cause()), took));
        });
    }
}
