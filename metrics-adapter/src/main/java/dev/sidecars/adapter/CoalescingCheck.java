package dev.sidecars.adapter;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * Keeps the app from being hammered: while a run is in flight every caller shares it, and its
 * outcome is reused for {@code cacheFor}. Ten probers every second cost the app one request.
 */
final class CoalescingCheck implements Check {

    private final Check delegate;
    private final long cacheNanos;
    private final LongSupplier nanoClock;
    private final Counter passed;
    private final Counter failed;

    private Future<Outcome> inFlight;
    private Outcome last;
    private long lastAt;

    CoalescingCheck(Check delegate, Duration cacheFor, LongSupplier nanoClock, MeterRegistry registry) {
        this.delegate = delegate;
        this.cacheNanos = cacheFor.toNanos();
        this.nanoClock = nanoClock;
        this.passed = outcomes(registry, delegate.name(), "passed");
        this.failed = outcomes(registry, delegate.name(), "failed");
    }

    private static Counter outcomes(MeterRegistry registry, String check, String result) {
        return Counter.builder("adapter_check_runs")
                .description("Health check runs against the app (cached and coalesced probes are not counted)")
                .tag("check", check)
                .tag("result", result)
                .register(registry);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public synchronized Future<Outcome> run() {
        if (last != null && nanoClock.getAsLong() - lastAt < cacheNanos) {
            return Future.succeededFuture(last);
        }
        if (inFlight != null) {
            return inFlight;
        }
        Future<Outcome> run = delegate.run();
        inFlight = run;
        run.onComplete(ar -> remember(ar.succeeded() ? ar.result() : Outcome.failed(FailureReasons.of(ar.cause()), 0)));
        return run;
    }

    private synchronized void remember(Outcome outcome) {
        inFlight = null;
        last = outcome;
        lastAt = nanoClock.getAsLong();
        (outcome.ok() ? passed : failed).increment();
    }
}
